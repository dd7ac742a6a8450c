import Foundation
import XCTest
@testable import SwitchboardCore
import SwitchboardTestSupport

/// `JSONValue(parsing:)` reads plain JSON with `JSONCursor` and leaves the rest to Foundation. These tests hold the
/// fast path to Foundation's answer on generated documents, and check what it must hand over.
final class JSONValueBytesTests: XCTestCase {
    private func foundation(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    private func fast(_ text: String) throws -> JSONValue {
        try Array(text.utf8).withUnsafeBufferPointer { try JSONCursor.readValue($0) }
    }

    func testGeneratedDocumentsReadAsFoundationReadsThem() throws {
        var generator = SplitMix(seed: 0x5EED_0001)
        var fastPathUsed = 0
        for _ in 0..<3_000 {
            let text = Self.document(depth: 0, &generator)
            let expected = try foundation(text)
            if let value = try? fast(text) {
                XCTAssertEqual(value, expected, text)
                fastPathUsed += 1
            }
            XCTAssertEqual(try JSONValue(parsing: Array(text.utf8)), expected, text)
        }
        // Nothing generated here needs Foundation: the fast path must carry every document.
        XCTAssertEqual(fastPathUsed, 3_000)
    }

    func testARequestBodyReadsOnTheFastPath() throws {
        let body = #"""
            {"model":"gpt-4o-mini","stream":true,"temperature":0.7,"top_p":1e-1,"max_tokens":256,"seed":-42,
             "stream_options":{"include_usage":true},"stop":null,
             "messages":[{"role":"system","content":"Be brief.\nReally."},
                         {"role":"user","content":[{"type":"text","text":"caf\u00e9 \ud83d\ude00 \"quoted\" 世界"}]}]}
            """#
        XCTAssertEqual(try fast(body), try foundation(body))
    }

    func testWhatTheFastPathHandsToFoundation() throws {
        let handedOver = [
            #"{"a":1,"a":2}"#,              // a repeated key: Foundation decides which counts
            #"{"\u0061":1}"#,               // an escaped key
            #"["\ud800"]"#,                 // a lone surrogate
            #"[1e400]"#,                    // beyond a finite Double
            "[1,]",                         // a trailing comma, which Foundation's parser lets through
            String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
        ]
        for text in handedOver {
            XCTAssertThrowsError(try fast(text), text)
            // Whatever Foundation says is the answer: a value or the same refusal.
            let expected = try? foundation(text)
            let parsed = try? JSONValue(parsing: Array(text.utf8))
            XCTAssertEqual(parsed, expected, text)
        }
    }

    func testInvalidJSONIsRefused() {
        for text in ["", "{", #"{"a":}"#, "01", "1.", "-", "tru", #"{"a" 1}"#, "[1] x", "\"\u{01}\"", "NaN"] {
            XCTAssertThrowsError(try JSONValue(parsing: Array(text.utf8)), text)
        }
    }

    // MARK: Generated documents

    private static func document(depth: Int, _ generator: inout SplitMix) -> String {
        let space = [" ", "", "\n  ", "\t"][Int(generator.next() % 4)]
        switch generator.next() % (depth > 4 ? 4 : 7) {
        case 0: return number(&generator)
        case 1: return string(&generator)
        case 2: return ["true", "false", "null"][Int(generator.next() % 3)]
        case 3: return "\"\""
        case 4, 5:
            var names = keys
            let members = (0..<Int(generator.next() % 5)).map { _ in
                let name = names.remove(at: Int(generator.next() % UInt64(names.count)))
                return "\"" + name + "\"" + space + ":" + space + document(depth: depth + 1, &generator)
            }
            return "{" + space + members.joined(separator: "," + space) + space + "}"
        default:
            let count = Int(generator.next() % 5)
            let items = (0..<count).map { _ in document(depth: depth + 1, &generator) }
            return "[" + items.joined(separator: "," + space) + "]"
        }
    }

    /// Keys differ within an object: a repeated one is Foundation's case (tested above).
    private static let keys = ["model", "messages", "role", "content", "a", "b", "世界", "x y", "tool_calls", "n"]

    private static func number(_ generator: inout SplitMix) -> String {
        let choices = ["0", "-0", "7", "-12", "0.5", "3.14159", "1e3", "2E-5", "-6.02e+23", "9007199254740993",
                       "12345678901234567890", "0.1", "1.7976931348623157e308", "5e-324", "123.456e-7"]
        return choices[Int(generator.next() % UInt64(choices.count))]
    }

    private static func string(_ generator: inout SplitMix) -> String {
        let pieces = ["plain", " ", "é", "世界", "😀", #"\n"#, #"\""#, #"\\"#, #"\/"#, #"\u00e9"#, #"\ud83d\ude00"#,
                      #"\t"#, #"\u0000"#, "<b>", "'"]
        let count = Int(generator.next() % 6)
        return "\"" + (0..<count).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined() + "\""
    }
}
