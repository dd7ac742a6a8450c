import XCTest
@testable import SwitchboardTUI

/// Cells carry a link as a number: `Style` stays a plain value, so the cells of every frame copy and compare
/// without reference counting.
final class HyperlinkTableTests: XCTestCase {
    func testStyleAndCellStyleStayPlainValues() {
        XCTAssertTrue(_isPOD(Style.self), "a reference-counted field in Style makes every cell copy cost more")
        XCTAssertTrue(_isPOD(Hyperlink.self))
    }

    func testTheSameURLIsTheSameLinkAndReadsBack() throws {
        let first = try XCTUnwrap(Hyperlink("https://example.com/a b"))
        let again = try XCTUnwrap(Hyperlink("https://example.com/a b"))
        let other = try XCTUnwrap(Hyperlink("https://example.com/other"))
        XCTAssertEqual(first, again)
        XCTAssertNotEqual(first, other)
        XCTAssertEqual(first.url, "https://example.com/a%20b")
        XCTAssertEqual(other.url, "https://example.com/other")
    }

    func testATableStopsNumberingAtItsCapacity() {
        let table = HyperlinkTable()
        var last: UInt32?
        for index in 0..<HyperlinkTable.capacity { last = table.id(for: "https://example.com/\(index)") }
        XCTAssertEqual(last, UInt32(HyperlinkTable.capacity - 1))
        XCTAssertNil(table.id(for: "https://example.com/one-too-many"))
        XCTAssertEqual(table.id(for: "https://example.com/7"), 7, "a URL already kept is still found")
    }
}
