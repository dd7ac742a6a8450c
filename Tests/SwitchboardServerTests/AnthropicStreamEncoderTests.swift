import Foundation
import SwitchboardCore
import XCTest
@testable import SwitchboardServer

/// The streamed Messages encoder against the non-streamed one, read back as the anthropic SDK folds a stream.
final class AnthropicStreamEncoderTests: XCTestCase {
    static let route = RouteInfo(model: "claude-sonnet-4-5", provider: "anthropic", providerModel: "claude-sonnet-4-5",
                                 reason: "test")
    static let usage = Usage(input: 24, output: 36, cacheRead: 8, cacheWrite: 3, reasoning: 4)

    static func summary(text: String, calls: [ToolCall] = [], reasoning: [ReasoningPart] = [], finish: String? = "end_turn",
                        complete: Bool = true, usage: Usage = usage) -> TurnSummary {
        TurnSummary(route: route, text: text, usage: usage, duration: .seconds(1), complete: complete,
                    finishReason: finish, attempts: [], toolCalls: calls, reasoning: reasoning)
    }

    private func stream(_ events: [EngineEvent]) throws -> (bytes: String, events: [(String, [String: Any])]) {
        var encoder = AnthropicStreamEncoder(messageID: "msg_test", requestedModel: "sonnet")
        var out: [UInt8] = []
        for event in events { out += try encoder.encode(event) }
        let text = String(decoding: out, as: UTF8.self)
        return (text, try SSETestEvents.parse(text))
    }

    /// What the anthropic SDK ends with: `message_start`'s message, each block folded from its deltas, and
    /// `message_delta`'s stop reason and usage overwriting the start's (SDK 2.x `accumulate_event`).
    private func fold(_ events: [(String, [String: Any])]) throws -> [String: Any] {
        var message: [String: Any] = [:]
        var blocks: [[String: Any]] = []
        var partialJSON: [Int: String] = [:]
        for (name, data) in events {
            XCTAssertEqual(data["type"] as? String, name, "every event line matches its type")
            switch name {
            case "message_start": message = try XCTUnwrap(data["message"] as? [String: Any])
            case "content_block_start":
                XCTAssertEqual(data["index"] as? Int, blocks.count)
                blocks.append(try XCTUnwrap(data["content_block"] as? [String: Any]))
            case "content_block_delta":
                let index = try XCTUnwrap(data["index"] as? Int)
                let delta = try XCTUnwrap(data["delta"] as? [String: Any])
                switch delta["type"] as? String {
                case "text_delta": blocks[index]["text"] = (blocks[index]["text"] as? String ?? "") + (delta["text"] as? String ?? "")
                case "thinking_delta":
                    blocks[index]["thinking"] = (blocks[index]["thinking"] as? String ?? "") + (delta["thinking"] as? String ?? "")
                case "signature_delta": blocks[index]["signature"] = delta["signature"]
                case "input_json_delta": partialJSON[index, default: ""] += delta["partial_json"] as? String ?? ""
                default: XCTFail("unknown delta \(delta)")
                }
            case "content_block_stop":
                let index = try XCTUnwrap(data["index"] as? Int)
                if let json = partialJSON[index] {
                    blocks[index]["input"] = try JSONSerialization.jsonObject(with: Data(json.utf8))
                }
            case "message_delta":
                let delta = try XCTUnwrap(data["delta"] as? [String: Any])
                message["stop_reason"] = delta["stop_reason"]
                var usage = try XCTUnwrap(message["usage"] as? [String: Any])
                for (key, value) in try XCTUnwrap(data["usage"] as? [String: Any]) { usage[key] = value }
                message["usage"] = usage
            case "message_stop", "ping": break
            default: XCTFail("unexpected event \(name)")
            }
        }
        message["content"] = blocks
        return message
    }

    private func nonStreamed(_ summary: TurnSummary) throws -> [String: Any] {
        let bytes = try AnthropicMessageEncoder.message(summary, id: "msg_test")
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    /// The same fixture answer streamed and not: the folded stream equals the message, usage included, although
    /// the input count reached the encoder only with the finished turn.
    func testStreamedAndNonStreamedAgreeOnContentStopReasonAndUsage() throws {
        let summary = Self.summary(text: "Hello there")
        let (_, events) = try stream([.routed(Self.route, attempt: 1), .delta("Hello"), .delta(" there"), .finished(summary)])
        let folded = try fold(events)
        let whole = try nonStreamed(summary)
        XCTAssertEqual(NSDictionary(dictionary: folded["usage"] as? [String: Any] ?? [:]),
                       NSDictionary(dictionary: whole["usage"] as? [String: Any] ?? [:]))
        XCTAssertEqual(whole["usage"] as? [String: Int], ["input_tokens": 24, "output_tokens": 36,
                                                         "cache_read_input_tokens": 8, "cache_creation_input_tokens": 3])
        XCTAssertEqual(folded["stop_reason"] as? String, "end_turn")
        XCTAssertEqual(whole["stop_reason"] as? String, "end_turn")
        XCTAssertEqual(NSArray(array: folded["content"] as? [Any] ?? []), NSArray(array: whole["content"] as? [Any] ?? []))
        XCTAssertEqual(events.first?.0, "message_start")
        XCTAssertEqual(events.last?.0, "message_stop")
        // The input count was not known at the start: the start says 0, the delta carries the real one.
        let start = try XCTUnwrap(events.first?.1["message"] as? [String: Any])
        XCTAssertEqual((start["usage"] as? [String: Any])?["input_tokens"] as? Int, 0)
    }

    /// A provider that reports its input count before the first token has it in `message_start`.
    func testUsageKnownAtStartGoesInMessageStart() throws {
        let early = Usage(input: 24, output: 0)
        let (_, events) = try stream([.usage(early), .delta("x"), .finished(Self.summary(text: "x"))])
        let start = try XCTUnwrap(events.first?.1["message"] as? [String: Any])
        XCTAssertEqual((start["usage"] as? [String: Any])?["input_tokens"] as? Int, 24)
        XCTAssertEqual(start["model"] as? String, "sonnet", "no route was announced: the requested model")
    }

    func testToolCallsStreamAsToolUseBlocksWithInputJSON() throws {
        let call = ToolCall(id: "toolu_1", name: "get_weather", arguments: #"{"city":"Paris"}"#)
        let summary = Self.summary(text: "Checking.", calls: [call], finish: "tool_use")
        let (_, events) = try stream([.delta("Checking."), .finished(summary)])
        let folded = try fold(events)
        let whole = try nonStreamed(summary)
        XCTAssertEqual(folded["stop_reason"] as? String, "tool_use")
        XCTAssertEqual(NSArray(array: folded["content"] as? [Any] ?? []), NSArray(array: whole["content"] as? [Any] ?? []))
        let blocks = try XCTUnwrap(whole["content"] as? [[String: Any]])
        XCTAssertEqual(blocks.map { $0["type"] as? String }, ["text", "tool_use"])
        XCTAssertEqual(blocks[1]["input"] as? [String: String], ["city": "Paris"])
    }

    /// Only tool calls: no text block, as the API sends it.
    func testOnlyToolCallsHaveNoTextBlock() throws {
        let call = ToolCall(id: "c1", name: "ls", arguments: "")
        let summary = Self.summary(text: "", calls: [call], finish: "tool_calls")
        let folded = try fold(try stream([.finished(summary)]).events)
        let blocks = try XCTUnwrap(folded["content"] as? [[String: Any]])
        XCTAssertEqual(blocks.map { $0["type"] as? String }, ["tool_use"])
        XCTAssertEqual(blocks[0]["input"] as? [String: String], [:])
        XCTAssertEqual(folded["stop_reason"] as? String, "tool_use", "OpenAI's tool_calls in Anthropic's words")
    }

    func testThinkingStreamsAsThinkingBlockBeforeText() throws {
        let summary = Self.summary(text: "42", reasoning: [ReasoningPart(text: "let me think", signature: "sig")])
        let (_, events) = try stream([.reasoning("let me "), .reasoning("think"), .delta("42"), .finished(summary)])
        let blocks = try XCTUnwrap(try fold(events)["content"] as? [[String: Any]])
        XCTAssertEqual(blocks.map { $0["type"] as? String }, ["thinking", "text"])
        XCTAssertEqual(blocks[0]["thinking"] as? String, "let me think")
        XCTAssertEqual(blocks[1]["text"] as? String, "42")
    }

    /// An Anthropic upstream's signature streams as it arrives and closes the thinking block; when thinking is
    /// the last block it is still sent. The folded stream equals the non-streamed message.
    func testSignatureOfTrailingThinkingIsSent() throws {
        let origin = ReasoningOrigin(wire: .anthropic, provider: "anthropic", model: "claude-sonnet-4-5")
        let summary = Self.summary(text: "", reasoning: [ReasoningPart(text: "t", signature: "sig", origin: origin)])
        let events = try stream([.reasoning("t"), .reasoningSeal(ReasoningSeal(signature: "sig", origin: origin)),
                                 .finished(summary)]).events
        let folded = try fold(events)
        let blocks = try XCTUnwrap(folded["content"] as? [[String: Any]])
        XCTAssertEqual(blocks.first?["signature"] as? String, "sig")
        let whole = try nonStreamed(summary)
        XCTAssertEqual(NSArray(array: folded["content"] as? [Any] ?? []), NSArray(array: whole["content"] as? [Any] ?? []))
    }

    func testNothingIsWrittenBeforeTheAnswerStartsAndAFailureThenIsTheCallers() throws {
        var encoder = AnthropicStreamEncoder(messageID: "m", requestedModel: "x")
        XCTAssertEqual(try encoder.encode(.routed(Self.route, attempt: 1)), [])
        XCTAssertEqual(try encoder.encode(.notice("budget")), [])
        let failure = TurnFailure(errors: [], attempts: [], summary: "every provider failed")
        XCTAssertEqual(try encoder.encode(.failed(failure)), [])
        XCTAssertFalse(encoder.started)
    }

    /// After the first byte a failure is an `event: error` and there is no `message_stop`.
    func testFailureAfterFirstByteIsAnErrorEventWithoutMessageStop() throws {
        let failure = TurnFailure(errors: [], attempts: [], summary: "anthropic: overloaded, HTTP 529")
        let (_, events) = try stream([.delta("Hel"), .failed(failure)])
        XCTAssertEqual(events.last?.0, "error")
        XCTAssertEqual((events.last?.1["error"] as? [String: Any])?["message"] as? String, "anthropic: overloaded, HTTP 529")
        XCTAssertFalse(events.contains { $0.0 == "message_stop" })
    }

    /// An answer that broke off is not passed off as whole.
    func testBrokenAnswerEndsWithErrorEvent() throws {
        let broken = Self.summary(text: "Hel", finish: nil, complete: false)
        let (_, events) = try stream([.delta("Hel"), .finished(broken)])
        XCTAssertEqual(events.last?.0, "error")
        XCTAssertFalse(events.contains { $0.0 == "message_stop" || $0.0 == "message_delta" })
    }

    func testRawShapeOfATextDelta() throws {
        let (bytes, _) = try stream([.delta("a \"quote\"\n")])
        XCTAssertTrue(bytes.contains("event: content_block_delta\ndata: {\"delta\":{\"text\":\"a \\\"quote\\\"\\n\",\"type\":\"text_delta\"},\"index\":0,\"type\":\"content_block_delta\"}\n\n"),
                      bytes)
    }

    func testStopReasonWords() {
        XCTAssertEqual(AnthropicWireWords.stopReason(Self.summary(text: "x", finish: "length")), "max_tokens")
        XCTAssertEqual(AnthropicWireWords.stopReason(Self.summary(text: "x", finish: "MAX_TOKENS")), "max_tokens")
        XCTAssertEqual(AnthropicWireWords.stopReason(Self.summary(text: "x", finish: "stop")), "end_turn")
        XCTAssertEqual(AnthropicWireWords.stopReason(Self.summary(text: "x", finish: "stop_sequence")), "stop_sequence")
        XCTAssertEqual(AnthropicWireWords.stopReason(Self.summary(text: "x", finish: "content_filter")), "refusal")
        XCTAssertEqual(AnthropicWireWords.stopReason(Self.summary(text: "x", finish: nil)), "end_turn")
    }

    func testErrorStatusesAndTypes() throws {
        XCTAssertEqual(AnthropicErrorEncoder.map(status: 400), .init(status: 400, type: "invalid_request_error"))
        XCTAssertEqual(AnthropicErrorEncoder.map(status: 401), .init(status: 401, type: "authentication_error"))
        XCTAssertEqual(AnthropicErrorEncoder.map(status: 402), .init(status: 402, type: "billing_error"))
        XCTAssertEqual(AnthropicErrorEncoder.map(status: 403), .init(status: 403, type: "permission_error"))
        XCTAssertEqual(AnthropicErrorEncoder.map(status: 404), .init(status: 404, type: "not_found_error"))
        XCTAssertEqual(AnthropicErrorEncoder.map(status: 429), .init(status: 429, type: "rate_limit_error"))
        XCTAssertEqual(AnthropicErrorEncoder.map(status: 502), .init(status: 500, type: "api_error"))
        XCTAssertEqual(AnthropicErrorEncoder.map(status: 503), .init(status: 529, type: "overloaded_error"))
        let body = AnthropicErrorEncoder.body(type: "not_found_error", message: "unknown model 'x'")
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        XCTAssertEqual(json["type"] as? String, "error")
        XCTAssertEqual(json["error"] as? [String: String], ["type": "not_found_error", "message": "unknown model 'x'"])
    }
}

/// Server-sent events split into (event name, JSON data) for assertions.
enum SSETestEvents {
    static func parse(_ text: String) throws -> [(String, [String: Any])] {
        var out: [(String, [String: Any])] = []
        for frame in text.components(separatedBy: "\n\n") where !frame.isEmpty {
            var name = ""
            var data = ""
            for line in frame.split(separator: "\n") {
                if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { data += line.dropFirst(6) }
            }
            let object = try JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any] ?? [:]
            out.append((name, object))
        }
        return out
    }
}
