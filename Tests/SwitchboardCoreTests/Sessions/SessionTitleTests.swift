import XCTest
import SwitchboardCore

final class SessionTitleTests: XCTestCase {
    func testFirstNonEmptyLineTrimmed() {
        XCTAssertEqual(SessionTitle.from(prompt: "\n\n   Explain WAL mode  \nmore details"), "Explain WAL mode")
    }

    func testLongLineIsCutAtAWord() {
        let prompt = "Please compare the write ahead log with the rollback journal in detail for my thesis"
        let title = SessionTitle.from(prompt: prompt)
        XCTAssertEqual(title, "Please compare the write ahead log with the rollback journal…")
        XCTAssertLessThanOrEqual(title.count, SessionTitle.limit + 1)
    }

    func testLongWordIsCutMidWord() {
        let title = SessionTitle.from(prompt: String(repeating: "x", count: 100))
        XCTAssertEqual(title, String(repeating: "x", count: 60) + "…")
    }

    func testEmptyPromptIsUntitled() {
        XCTAssertEqual(SessionTitle.from(prompt: " \n\t "), "Untitled")
    }

    func testTabsBecomeSpaces() {
        XCTAssertEqual(SessionTitle.from(prompt: "a\tb"), "a b")
    }
}
