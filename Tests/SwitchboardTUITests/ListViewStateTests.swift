import XCTest
@testable import SwitchboardTUI

final class ListViewStateTests: XCTestCase {
    func testTheWindowFollowsTheSelectionAndKeepsThePage() {
        var window = ListViewState()
        XCTAssertEqual(window.page, 1, "before the first frame a page is one entry")
        XCTAssertEqual(window.show(selection: 4, rows: 2), 3, "the selection shows on the window's last row")
        XCTAssertEqual(window.page, 2)
        XCTAssertEqual(window.show(selection: 3, rows: 2), 3, "a selection already shown does not move the window")
        XCTAssertEqual(window.show(selection: 0, rows: 5), 0)
        XCTAssertEqual(window.page, 5)
    }
}
