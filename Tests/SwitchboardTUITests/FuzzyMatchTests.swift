import XCTest
@testable import SwitchboardTUI

final class FuzzyMatchTests: XCTestCase {
    func testSubsequenceMatchesAndOthersDoNot() {
        XCTAssertNotNil(FuzzyMatch.score("g4m", "openai/gpt-4o-mini"))
        XCTAssertNil(FuzzyMatch.score("zzz", "openai/gpt-4o-mini"))
        XCTAssertEqual(FuzzyMatch.score("", "anything"), 0)
    }

    func testPrefixesAndSegmentsRankAboveScatteredMatches() throws {
        let segment = try XCTUnwrap(FuzzyMatch.score("mini", "openai/gpt-4o-mini"))
        let scattered = try XCTUnwrap(FuzzyMatch.score("mini", "meta/mistral-nemo-instruct"))
        XCTAssertGreaterThan(segment, scattered)
        let start = try XCTUnwrap(FuzzyMatch.score("demo", "demo/pro"))
        let middle = try XCTUnwrap(FuzzyMatch.score("demo", "x/demo-pro"))
        XCTAssertGreaterThan(start, middle)
    }

    func testCaseDoesNotMatter() {
        XCTAssertEqual(FuzzyMatch.score("GPT", "openai/gpt-4o"), FuzzyMatch.score("gpt", "openai/gpt-4o"))
    }
}
