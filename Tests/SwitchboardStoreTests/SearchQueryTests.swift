import XCTest
import SwitchboardCore
@testable import SwitchboardStore

final class SearchQueryTests: XCTestCase {
    private func terms(_ input: String) -> [String] {
        SearchQuery.terms(input).map { $0.prefix ? $0.text + "*" : $0.text }
    }

    func testSplitsWordsPhrasesAndPrefixes() {
        XCTAssertEqual(terms("wal mode"), ["wal", "mode"])
        XCTAssertEqual(terms("say \"write ahead log\" now"), ["say", "write ahead log", "now"])
        XCTAssertEqual(terms("data* \"write ah\"*"), ["data*", "write ah*"])
        XCTAssertEqual(terms("\"unterminated phrase"), ["unterminated phrase"])
    }

    func testDropsTermsWithNothingToIndex() {
        XCTAssertEqual(terms("  -- !! * "), [])
        XCTAssertEqual(terms(""), [])
    }

    func testExpressionQuotesEveryTokenAndAndsThem() {
        let expression = SearchQuery.expression([
            .init(tokens: ["gpt", "4o"], prefix: false),
            .init(tokens: ["or"], prefix: false),
            .init(tokens: ["a\"b"], prefix: false),
            .init(tokens: ["writ"], prefix: true),
        ])
        XCTAssertEqual(expression, "\"gpt\" \"4o\" \"or\" \"a\"\"b\" \"writ\"*")
        XCTAssertNil(SearchQuery.expression([]))
    }

    func testPhrasesAreMultiTokenTermsWithoutPrefix() {
        XCTAssertTrue(SearchQuery.Tokenized(tokens: ["a", "b"], prefix: false).isPhrase)
        XCTAssertFalse(SearchQuery.Tokenized(tokens: ["a"], prefix: false).isPhrase)
        XCTAssertFalse(SearchQuery.Tokenized(tokens: ["a", "b"], prefix: true).isPhrase)
    }

    func testRepeatedTermsAreKeptOnce() {
        XCTAssertEqual(terms("heron heron \"a b\" heron \"a b\" her* her*"), ["heron", "a b", "her*"])
    }
}
