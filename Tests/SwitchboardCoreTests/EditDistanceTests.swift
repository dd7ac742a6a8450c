import XCTest
@testable import SwitchboardCore

final class EditDistanceTests: XCTestCase {
    func testLevenshtein() {
        XCTAssertEqual(EditDistance.between("kitten", "sitting"), 3)
        XCTAssertEqual(EditDistance.between("", "abc"), 3)
        XCTAssertEqual(EditDistance.between("same", "same"), 0)
        XCTAssertEqual(EditDistance.between("base_ulr", "base_url"), 2)
        XCTAssertEqual(EditDistance.between("漢字", "漢"), 1)
    }
}
