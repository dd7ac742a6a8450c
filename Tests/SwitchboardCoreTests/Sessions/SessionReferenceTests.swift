import XCTest
import SwitchboardCore

final class SessionReferenceTests: XCTestCase {
    func testLastIsAWord() {
        guard case .last = SessionReference(" LAST ") else { return XCTFail("expected last") }
        guard case .id("abc") = SessionReference("ABC") else { return XCTFail("expected id") }
    }

    func testPlausibleIDs() {
        XCTAssertTrue(SessionReference.isPlausibleID("0a1b-ff"))
        XCTAssertFalse(SessionReference.isPlausibleID("a%"))
        XCTAssertFalse(SessionReference.isPlausibleID("a_b"))
        XCTAssertFalse(SessionReference.isPlausibleID(""))
    }

    func testClosestIDsByEditDistanceOfTheSameLengthPrefix() {
        let ids = ["9f86d081-aaaa", "9f86e081-bbbb", "12345678-cccc", "9f76d081-dddd"]
        XCTAssertEqual(SessionReference.closest(to: "9f86d08x", among: ids, limit: 2), ["9f86d081-aaaa", "9f86e081-bbbb"])
        XCTAssertEqual(SessionReference.closest(to: "1234", among: ids, limit: 1), ["12345678-cccc"])
    }
}
