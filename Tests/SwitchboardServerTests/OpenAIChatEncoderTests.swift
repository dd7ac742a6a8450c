import Foundation
import SwitchboardCore
import XCTest
@testable import SwitchboardServer

final class OpenAIChatEncoderTests: XCTestCase {
    private let encoder = OpenAIChatEncoder(id: "chatcmpl-1", created: 1_700_000_000, model: "openai/gpt-4o-mini")

    /// The JSON object of one `data: {...}\n\n` event.
    private func event(_ bytes: [UInt8]) throws -> [String: Any] {
        let text = String(decoding: bytes, as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("data: "), text)
        XCTAssertTrue(text.hasSuffix("\n\n"), text)
        let json = text.dropFirst(6).dropLast(2)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], text)
    }

    private func delta(_ chunk: [String: Any]) throws -> [String: Any] {
        let choices = try XCTUnwrap(chunk["choices"] as? [[String: Any]])
        return try XCTUnwrap(choices.first?["delta"] as? [String: Any])
    }

    func testChunksCarryTheEnvelopeAndEscapedText() throws {
        let first = try event(encoder.role())
        XCTAssertEqual(first["object"] as? String, "chat.completion.chunk")
        XCTAssertEqual(first["id"] as? String, "chatcmpl-1")
        XCTAssertEqual(first["model"] as? String, "openai/gpt-4o-mini")
        XCTAssertEqual(first["created"] as? Int, 1_700_000_000)
        XCTAssertEqual(try delta(first)["role"] as? String, "assistant")

        let tricky = "line \"one\"\n\ttab \\ back\u{1} and é 🙂"
        let content = try event(encoder.content(tricky))
        XCTAssertEqual(try delta(content)["content"] as? String, tricky)
        let choice = try XCTUnwrap((content["choices"] as? [[String: Any]])?.first)
        XCTAssertTrue(choice["finish_reason"] is NSNull)
        XCTAssertEqual(choice["index"] as? Int, 0)

        XCTAssertEqual(try delta(try event(encoder.reasoning("thinking...")))["reasoning"] as? String, "thinking...")
    }

    func testToolCallsFinishAndUsage() throws {
        let calls = [ToolCall(id: "call_1", name: "get_weather", arguments: #"{"city":"Paris"}"#),
                     ToolCall(id: "call_2", name: "get_time", arguments: "{}")]
        let toolDelta = try delta(try event(encoder.toolCalls([(1, calls[0]), (2, calls[1])])))
        let sent = try XCTUnwrap(toolDelta["tool_calls"] as? [[String: Any]])
        XCTAssertEqual(sent.map { $0["index"] as? Int }, [1, 2], "each at the index it was given")
        XCTAssertEqual(sent.first?["id"] as? String, "call_1")
        XCTAssertEqual(sent.first?["type"] as? String, "function")
        let function = try XCTUnwrap(sent.first?["function"] as? [String: Any])
        XCTAssertEqual(function["name"] as? String, "get_weather")
        XCTAssertEqual(function["arguments"] as? String, #"{"city":"Paris"}"#)

        let finish = try event(encoder.finish("tool_calls"))
        let choice = try XCTUnwrap((finish["choices"] as? [[String: Any]])?.first)
        XCTAssertEqual(choice["finish_reason"] as? String, "tool_calls")
        XCTAssertEqual((choice["delta"] as? [String: Any])?.count, 0)

        let usage = Usage(input: 100, output: 20, cacheRead: 50, reasoning: 5)
        let text = String(decoding: encoder.usage(usage, cost: Money(Decimal(string: "0.000123456789")!)), as: UTF8.self)
        XCTAssertTrue(text.contains(#""cost":0.000123456789"#), "the exact decimal, not a rounded double: \(text)")
        let chunk = try event(encoder.usage(usage, cost: Money(Decimal(string: "0.000123456789")!)))
        XCTAssertEqual((chunk["choices"] as? [Any])?.count, 0)
        let fields = try XCTUnwrap(chunk["usage"] as? [String: Any])
        XCTAssertEqual(fields["prompt_tokens"] as? Int, 150, "cached tokens count as prompt tokens, as OpenAI counts them")
        XCTAssertEqual(fields["completion_tokens"] as? Int, 20)
        XCTAssertEqual(fields["total_tokens"] as? Int, 170)
        XCTAssertEqual((fields["prompt_tokens_details"] as? [String: Any])?["cached_tokens"] as? Int, 50)
        XCTAssertEqual((fields["completion_tokens_details"] as? [String: Any])?["reasoning_tokens"] as? Int, 5)

        let unknown = try XCTUnwrap(try event(encoder.usage(usage, cost: nil))["usage"] as? [String: Any])
        XCTAssertNil(unknown["cost"], "an unknown cost is left out, never 0")
        XCTAssertEqual(String(decoding: OpenAIChatEncoder.done, as: UTF8.self), "data: [DONE]\n\n")
    }

    private func summary(text: String, toolCalls: [ToolCall] = [], finish: String? = "stop", cost: Money? = nil) -> TurnSummary {
        TurnSummary(route: RouteInfo(model: "openai/gpt-4o-mini", provider: "openai", providerModel: "gpt-4o-mini", reason: "r"),
                    text: text, usage: Usage(input: 3, output: 4), cost: cost, duration: .seconds(1), complete: true,
                    finishReason: finish, attempts: [], toolCalls: toolCalls,
                    reasoning: [ReasoningPart(text: "hmm")])
    }

    func testCompletionBody() throws {
        let body = encoder.completion(summary(text: "Hello \"you\"", cost: Money(Decimal(string: "0.5")!)))
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        XCTAssertEqual(object["object"] as? String, "chat.completion")
        let choice = try XCTUnwrap((object["choices"] as? [[String: Any]])?.first)
        XCTAssertEqual(choice["finish_reason"] as? String, "stop")
        let message = try XCTUnwrap(choice["message"] as? [String: Any])
        XCTAssertEqual(message["role"] as? String, "assistant")
        XCTAssertEqual(message["content"] as? String, "Hello \"you\"")
        XCTAssertEqual(message["reasoning"] as? String, "hmm")
        XCTAssertNil(message["tool_calls"])
        XCTAssertEqual((object["usage"] as? [String: Any])?["cost"] as? Double, 0.5)

        let tools = encoder.completion(summary(text: "", toolCalls: [ToolCall(id: "c", name: "f", arguments: "{}")], finish: "tool_use"))
        let toolObject = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(tools)) as? [String: Any])
        let toolChoice = try XCTUnwrap((toolObject["choices"] as? [[String: Any]])?.first)
        XCTAssertEqual(toolChoice["finish_reason"] as? String, "tool_calls")
        let toolMessage = try XCTUnwrap(toolChoice["message"] as? [String: Any])
        XCTAssertTrue(toolMessage["content"] is NSNull, "a reply that only calls tools has null content")
        XCTAssertEqual((toolMessage["tool_calls"] as? [[String: Any]])?.first?["id"] as? String, "c")
        XCTAssertNil((toolMessage["tool_calls"] as? [[String: Any]])?.first?["index"], "index is for stream deltas only")
    }

    func testFinishReasonsInOpenAIWords() {
        XCTAssertEqual(OpenAIChatEncoder.finishReason(summary(text: "x", finish: "end_turn")), "stop")
        XCTAssertEqual(OpenAIChatEncoder.finishReason(summary(text: "x", finish: "max_tokens")), "length")
        XCTAssertEqual(OpenAIChatEncoder.finishReason(summary(text: "x", finish: "MAX_TOKENS")), "length")
        XCTAssertEqual(OpenAIChatEncoder.finishReason(summary(text: "x", finish: "SAFETY")), "content_filter")
        XCTAssertEqual(OpenAIChatEncoder.finishReason(summary(text: "x", finish: nil)), "stop")
    }

    func testStreamEndingForCompleteAndBrokenAnswers() throws {
        var done = summary(text: "ok")
        let ending = String(decoding: OpenAIChatRoute.ending(done, encoder: encoder, includeUsage: true, clientGone: false), as: UTF8.self)
        XCTAssertTrue(ending.contains(#""finish_reason":"stop""#))
        XCTAssertTrue(ending.contains(#""usage":{"#))
        XCTAssertTrue(ending.hasSuffix("data: [DONE]\n\n"))
        XCTAssertFalse(String(decoding: OpenAIChatRoute.ending(done, encoder: encoder, includeUsage: false, clientGone: false),
                              as: UTF8.self).contains("usage"))

        done.complete = false
        done.error = ProviderError(kind: .truncated, provider: "openai", message: "connection reset")
        let broken = String(decoding: OpenAIChatRoute.ending(done, encoder: encoder, includeUsage: true, clientGone: false), as: UTF8.self)
        XCTAssertTrue(broken.hasPrefix(#"data: {"error":{"#), broken)
        XCTAssertTrue(broken.contains("upstream_incomplete"), broken)
        XCTAssertTrue(broken.contains("openai broke off after 2 characters"), broken)
        XCTAssertFalse(broken.contains("[DONE]"), "a broken stream never ends with [DONE]")
        XCTAssertTrue(OpenAIChatRoute.ending(done, encoder: encoder, includeUsage: true, clientGone: true).isEmpty)
    }
}
