import XCTest
@testable import SwitchboardCore

final class TaskRulesTests: XCTestCase {
    func testFirstMatchingRuleWinsAndSaysWhy() throws {
        let rules = try TaskRules([
            TaskRule(name: "sql", keywords: ["sql", "query"], target: .route("data")),
            TaskRule(task: "code", target: .model(ModelRef(id: "anthropic/claude-sonnet-4-5"))),
            TaskRule(keywords: ["query"], target: .route("other")),
        ])
        let match = try XCTUnwrap(rules.match(prompt: "Optimise this Query for me", task: "code"))
        XCTAssertEqual(match.index, 0)
        XCTAssertEqual(match.rule.target, .route("data"))
        XCTAssertEqual(match.reason, "rule 1 (sql): keyword 'query' -> route data")

        let second = try XCTUnwrap(rules.match(prompt: "write a parser", task: "CODE"))
        XCTAssertEqual(second.index, 1)
        XCTAssertEqual(second.reason, "rule 2: task 'code' -> anthropic/claude-sonnet-4-5")
        XCTAssertNil(rules.match(prompt: "write a poem", task: nil))
    }

    func testKeywordsMatchWholeWordsIgnoringCase() {
        XCTAssertTrue(TaskRules.containsWord("sql", in: "write sql, please"))
        XCTAssertTrue(TaskRules.containsWord("sql", in: "sql"))
        XCTAssertTrue(TaskRules.containsWord("unit test", in: "add a unit test."))
        XCTAssertFalse(TaskRules.containsWord("sql", in: "use sqlite"))
        XCTAssertFalse(TaskRules.containsWord("sql", in: "mysql"))
        XCTAssertFalse(TaskRules.containsWord("sql", in: "my_sql"))
        // A later whole-word occurrence is found after an embedded one.
        XCTAssertTrue(TaskRules.containsWord("sql", in: "mysql or sql"))
        XCTAssertFalse(TaskRules.containsWord("", in: "anything"))
    }

    func testEveryConditionOfARuleMustHold() throws {
        let rules = try TaskRules([TaskRule(task: "code", keywords: ["swift"], target: .route("swift"))])
        XCTAssertNil(rules.match(prompt: "swift question", task: nil))
        XCTAssertNil(rules.match(prompt: "rust question", task: "code"))
        XCTAssertEqual(rules.match(prompt: "Swift question", task: "code")?.reason, "rule 1: task 'code', keyword 'swift' -> route swift")
    }

    func testPatternsAreCaseInsensitiveUnlessTheySayOtherwise() throws {
        let rules = try TaskRules([
            TaskRule(pattern: "(?-i)^TODO:", target: .route("strict")),
            TaskRule(pattern: "\\btranslate\\b.*\\bto (french|german)\\b", target: .route("translate")),
        ])
        XCTAssertEqual(rules.match(prompt: "Translate this to German", task: nil)?.index, 1)
        XCTAssertEqual(rules.match(prompt: "TODO: list", task: nil)?.index, 0)
        XCTAssertNil(rules.match(prompt: "todo: list", task: nil))
        XCTAssertEqual(rules.match(prompt: "Translate this to German", task: nil)?.reason,
                       "rule 2: pattern /\\btranslate\\b.*\\bto (french|german)\\b/ -> route translate")
    }

    func testABadPatternIsRejectedWithItsPosition() {
        XCTAssertThrowsError(try TaskRules([
            TaskRule(keywords: ["a"], target: .route("a")),
            TaskRule(pattern: "([unclosed", target: .route("b")),
        ])) { error in
            let invalid = error as? TaskRules.InvalidPattern
            XCTAssertEqual(invalid?.index, 1)
            XCTAssertEqual(invalid?.pattern, "([unclosed")
        }
    }

    func testARuleWithoutConditionsNeverMatches() throws {
        let rules = try TaskRules([TaskRule(target: .route("all")), TaskRule(keywords: ["x"], target: .route("x"))])
        XCTAssertNil(rules.match(prompt: "anything", task: "code"))
        XCTAssertEqual(rules.match(prompt: "x marks", task: nil)?.index, 1)
        XCTAssertNil(TaskRules.empty.match(prompt: "x", task: "code"))
    }
}
