import Foundation
import XCTest
@testable import SwitchboardCore

/// The fast JSON path must read a value exactly as Foundation does, or refuse it so Foundation reads it.
final class JSONCursorTests: XCTestCase {
    private func scanString(_ json: String) throws -> String {
        var result = ""
        try JSONCursor.readObject(json) { cursor, key in
            guard key == "s" else { return try cursor.skip() }
            result = try cursor.string()
        }
        return result
    }

    func testEscapesIncludingSurrogatePairsDecodeLikeFoundation() throws {
        let json = #"{"s":"a\n\"b\u00e9\ud83d\ude00\/\\\t\r\b\fé 世界"}"#
        let foundation = try JSONDecoder().decode([String: String].self, from: Data(json.utf8))["s"]
        XCTAssertEqual(try scanString(json), "a\n\"bé😀/\\\t\r\u{08}\u{0C}é 世界")
        XCTAssertEqual(try scanString(json), foundation)
    }

    func testLoneSurrogatesAndRawControlCharactersAreLeftToFoundation() {
        for json in [#"{"s":"\ud83d"}"#, #"{"s":"\ude00x"}"#, #"{"s":"\ud83d\u0041"}"#, "{\"s\":\"a\u{01}b\"}"] {
            XCTAssertThrowsError(try scanString(json), json)
        }
    }

    /// Foundation's parser is laxer in places (it takes trailing commas); the cursor never is, so such input
    /// goes to Foundation and reads as it always did.
    func testInvalidJSONIsNeverAccepted() {
        let broken = [
            #"{"a":1,}"#, #"{"a":01}"#, #"{"a":tru}"#, #"{"a" 1}"#, #"{"a":1} x"#, #"{"a":"x"#, #"{"a":[1,]}"#,
            #"{"a":1.}"#, #"{"a":-}"#, #"{"a":1e}"#, #"{"a":.5}"#, #"{"a":"\x"}"#, #"{"a":"\u12g4"}"#, #"["a"]"#, #"{"a":1}{"#,
            #"{"a":{"b":}}"#, #"{"a":nul}"#, "", #"{"#, #"{"s":"\ud83d\ude00" "#,
        ]
        for json in broken {
            XCTAssertThrowsError(try JSONCursor.readObject(json) { cursor, _ in try cursor.skip() }, json)
        }
    }

    func testValidJSONIsSkippedWhole() throws {
        let json = #" { "a" : [ 1 , -2.5e+3 , 0 , 0.25E-1 , true , false , null , { } , [ ] , "x\"y" ] , "s" : "ok" } "#
        XCTAssertEqual(try scanString(json), "ok")
    }

    func testIntegersOnlyInPlainForm() throws {
        func int(_ text: String) throws -> Int? {
            var value: Int?
            try JSONCursor.readObject(#"{"n":"# + text + "}") { cursor, _ in value = try cursor.optionalInt() }
            return value
        }
        XCTAssertEqual(try int("0"), 0)
        XCTAssertEqual(try int("-12"), -12)
        XCTAssertEqual(try int("9223372036854775807"), Int.max)
        XCTAssertNil(try int("null"))
        for refused in ["1.0", "1e3", "9223372036854775808", "\"3\"", "true", "01"] {
            XCTAssertThrowsError(try int(refused), refused)
        }
    }

    func testNestingDeeperThanFoundationAllowsIsRefused() {
        let deep = #"{"a":"# + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + "}"
        XCTAssertThrowsError(try JSONCursor.readObject(deep) { cursor, _ in try cursor.skip() })
    }
}
