import Foundation
import SwitchboardTestSupport
import XCTest

final class FixtureJSONTests: XCTestCase {
    func testKeysKeepTheirOrderAndStringsAreEscaped() throws {
        let value: FixtureJSON = ["z": 1, "a": "q\"uote\\ \n\t\u{1}é😀", "m": [true, nil, .number("0.000123")]]
        XCTAssertEqual(value.compact, #"{"z":1,"a":"q\"uote\\ \n\t\u0001é😀","m":[true,null,0.000123]}"#)
        let parsed = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(value.compact.utf8)) as? [String: Any])
        XCTAssertEqual(parsed["a"] as? String, "q\"uote\\ \n\t\u{1}é😀")
    }

    func testSpacedAndPrettyForms() {
        let value: FixtureJSON = ["a": ["b": [1, 2]], "c": [], "d": [:]]
        XCTAssertEqual(value.spaced, #"{"a": {"b": [1,2]},"c": [],"d": {}}"#)
        XCTAssertEqual(value.pretty(indent: 2), "{\n  \"a\": {\n    \"b\": [\n      1,\n      2\n    ]\n  },\n  \"c\": [],\n  \"d\": {}\n}\n")
    }

    func testDecimalKeepsItsDigits() {
        XCTAssertEqual(FixtureJSON.decimal(Decimal(string: "0.00012345") ?? 0).compact, "0.00012345")
    }
}
