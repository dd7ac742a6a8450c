import XCTest
@testable import SwitchboardTUI

/// Curses has no strike-through attribute: struck text must still look different, so it is drawn dim.
final class CursesDriverAttributesTests: XCTestCase {
    func testStrikethroughIsDrawnDim() {
        let driver = CursesDriver(environment: ["TERM": "xterm-256color"])
        let struck = driver.attributes(of: Style(attributes: .strikethrough))
        XCTAssertEqual(struck, driver.attributes(of: Style(attributes: .dim)))
        XCTAssertNotEqual(struck, driver.attributes(of: .plain))
    }

    func testThemesCanAskForStrikethrough() {
        XCTAssertEqual(TextAttributes(parsing: "strikethrough dim"), [.strikethrough, .dim])
    }
}
