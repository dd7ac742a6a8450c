import Foundation
@testable import SwitchboardCore
import XCTest

/// The hand-written request body against `JSONEncoder` with the options the adapter used before: the same bytes
/// for every character, number and key the request can hold.
final class RequestJSONTests: XCTestCase {
    private func foundation(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    func testEveryCharacterIsEscapedAsJSONEncoderEscapesIt() throws {
        var scalars = (0..<0x80).compactMap { Unicode.Scalar($0) }
        scalars += ["é", "世", "😀", "\u{2028}", "\u{2029}", "\u{7F}", "\u{85}", "\u{FEFF}"]
        for scalar in scalars {
            let text = "a\(scalar)b/\(scalar)"
            XCTAssertEqual(try RequestJSON.string(text).bytes(), try foundation(text), "U+\(String(scalar.value, radix: 16))")
        }
    }

    func testNumbersAreWrittenAsJSONEncoderWritesThem() throws {
        for number in [0.0, 1, 2, -1, 0.7, 0.2, 1.5, 0.1 + 0.2, 1e-5, 1e20, 1e16, 123_456_789, 0.000_1, -0.0] {
            XCTAssertEqual(try RequestJSON.double(number).bytes(), try foundation(number), "\(number)")
        }
        for number in [0, 1, -1, 256, Int.max, Int.min] {
            XCTAssertEqual(try RequestJSON.int(number).bytes(), try foundation(number), "\(number)")
        }
        XCTAssertThrowsError(try RequestJSON.double(.nan).bytes())
        XCTAssertThrowsError(try RequestJSON.double(.infinity).bytes())
    }

    func testKeysAreSortedAsJSONEncoderSortsThem() throws {
        let keys = ["max_tokens", "max_completion_tokens", "num_predict", "maxTokens", "Max_Tokens", "a1", "a10", "a2",
                    "stream", "stream_options", "model", "messages", "_x", "é", "Z", "z"]
        let object = RequestJSON.object(keys.map { ($0, .int(1)) })
        XCTAssertEqual(try object.bytes(), try foundation(Dictionary(uniqueKeysWithValues: keys.map { ($0, 1) })))
    }

    func testTheOpenAIBodyIsTheBytesOfItsOldEncodableForm() throws {
        let messages: [ChatMessage] = [.system("Be \"terse\".\n"), .user("Hi / hello\t\u{1}"), .assistant("é 世界 😀")]
        for quirks in [WireQuirks(), WireQuirks(maxTokensField: "max_tokens", streamUsageOption: false),
                       WireQuirks(maxTokensField: "num_predict"), WireQuirks(maxTokensField: "")] {
            for (maxTokens, temperature) in [(nil, nil), (256, 0.7), (1, 1.0)] as [(Int?, Double?)] {
                let request = ChatRequest(messages: messages, maxTokens: maxTokens, temperature: temperature)
                let body = try OpenAIChatRequestBody(request: request, model: "gpt-4o-mini", quirks: quirks)
                XCTAssertEqual(try body.json.bytes(), try foundation(EncodableBody(body, messages: messages)),
                               "\(quirks) \(String(describing: maxTokens))")
            }
        }
    }
}

/// The body as it was encoded before it was written by hand: the oracle.
private struct EncodableBody: Encodable {
    var body: OpenAIChatRequestBody
    /// Text-only messages, which the body keeps as `{"content": text, "role": role}`.
    var messages: [ChatMessage]
    init(_ body: OpenAIChatRequestBody, messages: [ChatMessage]) {
        self.body = body
        self.messages = messages
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    private struct Message: Encodable { var role: String; var content: String }
    private struct StreamOptions: Encodable { var include_usage: Bool }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(body.model, forKey: Key("model"))
        try container.encode(messages.map { Message(role: $0.role.rawValue, content: $0.text) }, forKey: Key("messages"))
        try container.encode(true, forKey: Key("stream"))
        if body.includeUsage { try container.encode(StreamOptions(include_usage: true), forKey: Key("stream_options")) }
        if let maxTokens = body.maxTokens, !body.maxTokensField.isEmpty { try container.encode(maxTokens, forKey: Key(body.maxTokensField)) }
        if let temperature = body.temperature { try container.encode(temperature, forKey: Key("temperature")) }
    }
}
