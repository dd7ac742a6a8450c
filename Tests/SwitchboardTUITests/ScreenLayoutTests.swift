import XCTest
@testable import SwitchboardTUI

final class ScreenLayoutTests: XCTestCase {
    func testWideLayoutSplitsIntoThreePanes() {
        let layout = ScreenLayout(size: Size(width: 120, height: 40), inputLines: 1)
        XCTAssertEqual(layout.picker?.width, 34)
        XCTAssertEqual(layout.sidebar?.width, 30)
        XCTAssertEqual(layout.conversation.width, 120 - 34 - 30 - 2)
        XCTAssertEqual(layout.input, Rect(x: 0, y: 37, width: 120, height: 2))
        XCTAssertEqual(layout.status, Rect(x: 0, y: 39, width: 120, height: 1))
        XCTAssertNil(layout.summary)
    }

    func testMiddleWidthDropsThePicker() {
        let layout = ScreenLayout(size: Size(width: 99, height: 30), inputLines: 1)
        XCTAssertNil(layout.picker)
        XCTAssertNotNil(layout.sidebar)
        XCTAssertEqual(layout.conversation.x, 0)
    }

    func testNarrowFoldsTheSidebar() {
        let layout = ScreenLayout(size: Size(width: 69, height: 20), inputLines: 1)
        XCTAssertNil(layout.sidebar)
        XCTAssertEqual(layout.summary, Rect(x: 0, y: 1, width: 69, height: 1))
        XCTAssertEqual(layout.conversation.y, 2)
        XCTAssertEqual(layout.conversation.width, 69)
    }

    func testInputGrowsButNotPastAThirdOfTheScreen() {
        XCTAssertEqual(ScreenLayout(size: Size(width: 80, height: 40), inputLines: 5).input.height, 6)
        XCTAssertEqual(ScreenLayout(size: Size(width: 80, height: 40), inputLines: 50).input.height, 9)
        XCTAssertEqual(ScreenLayout(size: Size(width: 80, height: 16), inputLines: 50).input.height, 5)
    }
}
