import XCTest
@testable import SwitchboardTUI

final class PromptHistoryTests: XCTestCase {
    func testStepsBackAndForwardAndRestoresTheDraft() {
        var history = PromptHistory(entries: ["a", "b"])
        XCTAssertEqual(history.previous(current: "draft"), "b")
        XCTAssertEqual(history.previous(current: "b"), "a")
        XCTAssertNil(history.previous(current: "a"), "no older prompt")
        XCTAssertEqual(history.next(), "b")
        XCTAssertEqual(history.next(), "draft")
        XCTAssertNil(history.next(), "not recalling any more")
    }

    func testRecordSkipsImmediateRepeats() {
        var history = PromptHistory()
        history.record("x")
        history.record("x")
        history.record("y")
        XCTAssertEqual(history.entries, ["x", "y"])
    }

    func testEmptyHistoryRecallsNothing() {
        var history = PromptHistory()
        XCTAssertNil(history.previous(current: ""))
    }
}
