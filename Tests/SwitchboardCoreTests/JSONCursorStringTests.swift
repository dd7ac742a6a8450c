import Foundation
import XCTest
@testable import SwitchboardCore

/// The string fast paths: known values reused, escaped text decoded in runs, strings skipped without decoding.
final class JSONCursorStringTests: XCTestCase {
    private func read(_ json: String, _ reader: (inout JSONCursor) throws -> String?) throws -> String? {
        var result: String?
        try JSONCursor.readObject(json) { cursor, key in
            guard key == "s" else { return try cursor.skip() }
            result = try reader(&cursor)
        }
        return result
    }

    func testKnownValuesReadTheSameAsAnyString() throws {
        let known = ["message_start", "content_block_delta"]
        for json in [#"{"s":"content_block_delta"}"#, #"{"s":"content_block_delt"}"#, #"{"s":"content_block_deltaa"}"#,
                     #"{"s":"content\u005fblock_delta"}"#, #"{"s":""}"#, #"{"s":null}"#, #"{"s":"é"}"#] {
            let plain = try read(json) { try $0.optionalString() }
            XCTAssertEqual(try read(json) { try $0.optionalString(among: known) }, plain, json)
            XCTAssertEqual(try read(json) { try $0.optionalString(reusing: "content_block_delta") }, plain, json)
            XCTAssertEqual(try read(json) { try $0.optionalString(reusing: nil) }, plain, json)
        }
        for json in [#"{"s":"a"#, "{\"s\":\"a\u{01}\"}", #"{"s":1}"#] {
            XCTAssertThrowsError(try read(json) { try $0.optionalString(among: ["a"]) }, json)
            XCTAssertThrowsError(try read(json) { try $0.optionalString(reusing: "a") }, json)
        }
    }

    /// Escapes at the start, the end, back to back and between long runs decode as Foundation decodes them.
    func testEscapedTextMatchesFoundation() throws {
        for value in [#"\n"#, #"\"a\""#, #"C:\\tmp\\x"#, #"run of text \u00e9\ud83d\ude00 more text\t"#, #"\\\\\\"#] {
            let json = #"{"s":""# + value + #""}"#
            let foundation = try JSONDecoder().decode([String: String].self, from: Data(json.utf8))["s"]
            XCTAssertEqual(try read(json) { try $0.string() }, foundation, json)
        }
    }

    /// An escape that would run into or past the closing quote is refused, never read beyond it.
    func testEscapesCutByTheClosingQuoteAreRefused() throws {
        for bad in [#"{"s":"a\"}"#, #"{"s":"a\u00"}"#, #"{"s":"\ud83d"}"#, #"{"s":"x\"#, "{\"s\":\"\\n\u{01}\"}"] {
            XCTAssertThrowsError(try read(bad) { try $0.string() }, bad)
        }
        XCTAssertEqual(try read(#"{"s":"\u0041","t":"\""}"#) { try $0.string() }, "A")
        XCTAssertEqual(try read(#"{"s":"é\n世界\\"}"#) { try $0.string() }, "é\n世界\\")
    }

    /// Skipped strings are still checked: a bad escape or a raw control character is refused, good ones pass.
    func testSkippedStringsAreStillValidated() {
        for bad in [#"{"x":"\x","s":"a"}"#, #"{"x":"\u12g4","s":"a"}"#, #"{"x":"\ud800","s":"a"}"#, "{\"x\":\"\u{09}\",\"s\":\"a\"}",
                    #"{"x":"abc\"#] {
            XCTAssertThrowsError(try read(bad) { try $0.string() }, bad)
        }
        for good in [#"{"x":"\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00","s":"a"}"#, #"{"x":"","s":"a"}"#] {
            XCTAssertEqual(try read(good) { try $0.string() }, "a", good)
        }
    }
}
