import Foundation
import SwitchboardCore
import SwitchboardTestSupport
import XCTest

final class FixtureAnswerTests: XCTestCase {
    func testWordChunksKeepLeadingWhitespaceAndRejoin() {
        let answer = FixtureAnswer(text: "Hello  big\nworld")
        XCTAssertEqual(answer.chunks, ["Hello", "  big", "\nworld"])
        XCTAssertEqual(FixtureAnswer.standard.text, FixtureAnswer.standardText)
        XCTAssertGreaterThan(FixtureAnswer.standard.chunks.count, 10)
    }

    func testEqualSplitNeverBreaksACharacter() {
        let text = "ab👍🏽cd🇫🇷e"
        let answer = FixtureAnswer(text: text, chunkCount: 3)
        XCTAssertEqual(answer.chunks.count, 3)
        XCTAssertEqual(answer.text, text)
        XCTAssertEqual(answer.chunks.map(\.count), [2, 2, 3])
        // More chunks than characters: one character each.
        XCTAssertEqual(FixtureAnswer(text: "xyz", chunkCount: 10).chunks, ["x", "y", "z"])
    }

    func testEmptyAnswersStillHaveOneChunk() {
        XCTAssertEqual(FixtureAnswer(chunks: []).chunks, [""])
        XCTAssertEqual(FixtureAnswer(text: "").chunks, [""])
    }
}
