import ArgumentParser
import Foundation
import XCTest
@testable import switchboard

/// Every numeric option is range-checked at parse time (exit 2 with the allowed range); none reaches the
/// engine to trap (`--max-tokens 9223372036854775807` did) or a provider's encoder (`--temperature nan` did).
final class OptionChecksTests: XCTestCase {
    private func assertRejected(_ parse: () throws -> Any, mentioning text: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try parse(), file: file, line: line) { error in
            let message = AskCommand.message(for: error)
            XCTAssertTrue(message.contains(text), message, file: file, line: line)
            XCTAssertEqual(AskCommand.exitCode(for: error), .validationFailure, file: file, line: line)
        }
    }

    func testMaxTokensMustBeOneToTenMillionOnAskRouteAndCompare() throws {
        // `=` so a negative value is taken as the option's value, not as another option.
        for value in ["9223372036854775807", "0", "-5", "10000001"] {
            assertRejected({ try AskCommand.parse(["--max-tokens=\(value)", "hi"]) }, mentioning: "--max-tokens must be between 1 and 10000000")
            assertRejected({ try RouteCommand.parse(["--max-tokens=\(value)", "hi"]) }, mentioning: "--max-tokens must be between")
            assertRejected({ try CompareCommand.parse(["--models", "demo/mini,demo/pro", "--max-tokens=\(value)", "hi"]) },
                           mentioning: "--max-tokens must be between")
        }
        XCTAssertEqual(try AskCommand.parse(["--max-tokens", "1", "hi"]).routing.maxTokens, 1)
        XCTAssertEqual(try AskCommand.parse(["--max-tokens", "10000000", "hi"]).routing.maxTokens, 10_000_000)
    }

    func testTemperatureMustBeFiniteFromZeroToTwo() throws {
        for value in ["nan", "inf", "-inf", "-0.1", "2.01"] {
            assertRejected({ try AskCommand.parse(["--temperature=\(value)", "hi"]) }, mentioning: "--temperature must be a number from 0 to 2")
        }
        XCTAssertEqual(try AskCommand.parse(["--temperature", "0", "hi"]).temperature, 0)
        XCTAssertEqual(try AskCommand.parse(["--temperature", "2", "hi"]).temperature, 2)
    }

    func testListingLimitsMustBePositive() throws {
        for value in ["0", "-1", "1000001"] {
            assertRejected({ try HistoryCommand.List.parse(["--limit=\(value)"]) }, mentioning: "--limit must be between 1 and")
            assertRejected({ try HistoryCommand.Search.parse(["--limit=\(value)", "word"]) }, mentioning: "--limit must be between 1 and")
        }
        XCTAssertEqual(try HistoryCommand.List.parse(["--limit", "5"]).limit, 5)
    }

    func testDemoPaceMustBeFinite() throws {
        XCTAssertEqual(try AppContext.demoPace([:]), 1)
        XCTAssertEqual(try AppContext.demoPace(["SWITCHBOARD_DEMO_PACE": "0"]), 0)
        for value in ["inf", "nan", "-1", "fast"] {
            XCTAssertThrowsError(try AppContext.demoPace(["SWITCHBOARD_DEMO_PACE": value]), value)
        }
    }

    func testAPromptOfNoWordsOrOnlyBlanksIsAUsageError() throws {
        XCTAssertEqual(try OptionChecks.prompt(["why", "is", " the sky"], toWhat: "route"), "why is  the sky")
        for words in [[], [""], [" ", "\n\t"]] {
            XCTAssertThrowsError(try OptionChecks.prompt(words, toWhat: "compare")) { error in
                XCTAssertEqual((error as? CLIError)?.description, "no prompt to compare")
            }
        }
    }

    func testTheBinaryExitsTwoWhereItUsedToTrap() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        for arguments in [["ask", "--no-store", "--max-tokens", "9223372036854775807", "hi"],
                          ["route", "--max-tokens", "9223372036854775807", "hi"],
                          ["compare", "--no-store", "--models", "demo/mini,demo/pro", "--max-tokens", "9223372036854775807", "hi"],
                          ["ask", "--no-store", "--temperature", "nan", "hi"], ["ask", "--no-store", "--max-tokens=-1", "hi"]] {
            let result = try cli.run(arguments)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(" must be "), result.stderr)
        }
        let db = cli.home.appendingPathComponent("history.sqlite").path
        for command in ["spend", "stats"] {
            let result = try cli.run([command, "--db", db, "--since", "99999999999999999w"])
            XCTAssertEqual(result.status, 2, "\(command): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("--since: expected"), result.stderr)
        }
    }
}
