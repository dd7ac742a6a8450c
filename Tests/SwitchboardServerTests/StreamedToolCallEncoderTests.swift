import Foundation
import SwitchboardCore
import XCTest
@testable import SwitchboardServer

/// Tool calls and thinking signatures as the three wire encoders stream them from the engine's pieces: each
/// call opened with its id and name, its arguments in the upstream's pieces, parallel calls at their own index.
final class StreamedToolCallEncoderTests: XCTestCase {
    static let weather = ToolCall(id: "call_w", name: "get_weather", arguments: #"{"city":"Paris"}"#)
    static let time = ToolCall(id: "call_t", name: "get_time", arguments: #"{"zone":"CET"}"#)

    /// The engine's pieces of the two calls, one after the other, arguments split mid-string.
    static let sequential: [EngineEvent] = [
        .toolCall(ToolCallDelta(index: 0, id: "call_w", name: "get_weather")),
        .toolCall(ToolCallDelta(index: 0, arguments: #"{"ci"#)),
        .toolCall(ToolCallDelta(index: 0, arguments: #"ty":"Par"#)),
        .toolCall(ToolCallDelta(index: 0, arguments: #"is"}"#)),
        .toolCall(ToolCallDelta(index: 1, id: "call_t", name: "get_time")),
        .toolCall(ToolCallDelta(index: 1, arguments: #"{"zone""#)),
        .toolCall(ToolCallDelta(index: 1, arguments: #":"CET"}"#)),
    ]

    /// The same calls with their pieces interleaved (call 0, call 1, call 0…).
    static let interleaved: [EngineEvent] = [
        .toolCall(ToolCallDelta(index: 0, id: "call_w", name: "get_weather")),
        .toolCall(ToolCallDelta(index: 1, id: "call_t", name: "get_time")),
        .toolCall(ToolCallDelta(index: 0, arguments: #"{"city":"#)),
        .toolCall(ToolCallDelta(index: 1, arguments: #"{"zone":"#)),
        .toolCall(ToolCallDelta(index: 0, arguments: #""Paris"}"#)),
        .toolCall(ToolCallDelta(index: 1, arguments: #""CET"}"#)),
    ]

    static func summary(text: String = "", calls: [ToolCall] = [weather, time], reasoning: [ReasoningPart] = []) -> TurnSummary {
        AnthropicStreamEncoderTests.summary(text: text, calls: calls, reasoning: reasoning, finish: "tool_calls")
    }

    static let anthropic = ReasoningOrigin(wire: .anthropic, provider: "anthropic", model: "claude-sonnet-4-5")
    static let gemini = ReasoningOrigin(wire: .gemini, provider: "gemini", model: "gemini-2.5-flash")

    // MARK: - Chat Completions

    /// The chunks the route writes for `events` and the finished turn, as `data:` JSON objects.
    private func chat(_ events: [EngineEvent], _ summary: TurnSummary) throws -> [[String: Any]] {
        let encoder = OpenAIChatEncoder(id: "chatcmpl-1", created: 1, model: "m")
        var calls = InboundToolCalls()
        var out: [UInt8] = []
        for event in events {
            switch event {
            case .toolCall(let piece): out += encoder.toolCallSteps(calls.take(piece))
            case .attemptFailed: calls.attemptEnded()
            case .delta(let text): out += encoder.content(text)
            default: break
            }
        }
        out += OpenAIChatRoute.ending(summary, encoder: encoder, includeUsage: false, clientGone: false, calls: calls)
        return try String(decoding: out, as: UTF8.self).components(separatedBy: "\n\n")
            .filter { $0.hasPrefix("data: {") }
            .map { try XCTUnwrap(try JSONSerialization.jsonObject(with: Data($0.dropFirst(6).utf8)) as? [String: Any]) }
    }

    private func chatToolDeltas(_ chunks: [[String: Any]]) -> [[String: Any]] {
        chunks.flatMap { chunk -> [[String: Any]] in
            let delta = (chunk["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any]
            return delta?["tool_calls"] as? [[String: Any]] ?? []
        }
    }

    /// What the openai SDK's stream accumulation ends with: per `index`, the id, name and joined arguments.
    private func accumulate(_ deltas: [[String: Any]]) -> [Int: [String: String]] {
        var calls: [Int: [String: String]] = [:]
        for delta in deltas {
            guard let index = delta["index"] as? Int else { XCTFail("a tool-call delta without index: \(delta)"); continue }
            var call = calls[index, default: ["arguments": ""]]
            if let id = delta["id"] as? String { call["id"] = id }
            let function = delta["function"] as? [String: Any] ?? [:]
            if let name = function["name"] as? String { call["name"] = name }
            call["arguments", default: ""] += function["arguments"] as? String ?? ""
            calls[index] = call
        }
        return calls
    }

    func testChatCallsStreamOpenedThenInPiecesEachAtItsIndex() throws {
        let chunks = try chat(Self.sequential, Self.summary())
        let deltas = chatToolDeltas(chunks)
        XCTAssertEqual(deltas.count, 7, "one delta per piece, the first of each call naming it: \(deltas)")
        // The first delta of a call: index, id, type, name, empty arguments.
        XCTAssertEqual(deltas[0]["index"] as? Int, 0)
        XCTAssertEqual(deltas[0]["id"] as? String, "call_w")
        XCTAssertEqual(deltas[0]["type"] as? String, "function")
        XCTAssertEqual(deltas[0]["function"] as? [String: String], ["name": "get_weather", "arguments": ""])
        // Later ones: index and an arguments piece, nothing else.
        XCTAssertEqual(Set(deltas[1].keys), ["index", "function"])
        XCTAssertEqual(deltas[1]["function"] as? [String: String], ["arguments": #"{"ci"#])
        XCTAssertEqual(deltas[4]["index"] as? Int, 1)
        XCTAssertEqual(deltas[4]["id"] as? String, "call_t")
        let calls = accumulate(deltas)
        XCTAssertEqual(calls[0], ["id": "call_w", "name": "get_weather", "arguments": Self.weather.arguments])
        XCTAssertEqual(calls[1], ["id": "call_t", "name": "get_time", "arguments": Self.time.arguments])
        let finish = try XCTUnwrap(chunks.last { ($0["choices"] as? [[String: Any]])?.first?["finish_reason"] is String })
        XCTAssertEqual((finish["choices"] as? [[String: Any]])?.first?["finish_reason"] as? String, "tool_calls")
    }

    func testChatInterleavedCallsKeepSeparateIndices() throws {
        let calls = accumulate(chatToolDeltas(try chat(Self.interleaved, Self.summary())))
        XCTAssertEqual(calls[0]?["arguments"], Self.weather.arguments)
        XCTAssertEqual(calls[1]?["arguments"], Self.time.arguments)
    }

    /// A call without parameters ends with `{}` as its arguments, as the non-streamed answer has them.
    func testChatCallWithoutArgumentsEndsAsAnEmptyObject() throws {
        let ls = ToolCall(id: "c1", name: "ls", arguments: "{}")
        let calls = accumulate(chatToolDeltas(try chat([.toolCall(ToolCallDelta(index: 0, id: "c1", name: "ls"))],
                                                       Self.summary(calls: [ls]))))
        XCTAssertEqual(calls[0], ["id": "c1", "name": "ls", "arguments": "{}"])
    }

    /// An answer broken mid-call and carried on by the next attempt (`continue_on_failure`): the new attempt's
    /// calls, numbered from 0 by the engine, take the next index, so no client joins two calls into one.
    func testChatCallsOfALaterAttemptTakeNewIndices() throws {
        let record = AttemptRecord(turnID: UUID(), ordinal: 1, model: "m", provider: "p", providerModel: "m", reason: "",
                                   outcome: .failed(.truncated, afterFirstToken: true), startedAt: Date(), duration: .seconds(1))
        let broken = ProviderError(kind: .truncated, provider: "p", message: "dropped")
        let events: [EngineEvent] = [
            .toolCall(ToolCallDelta(index: 0, id: "call_a", name: "get_weather")),
            .toolCall(ToolCallDelta(index: 0, arguments: #"{"ci"#)),
            .attemptFailed(record, broken),
            .toolCall(ToolCallDelta(index: 0, id: "call_w", name: "get_weather")),
            .toolCall(ToolCallDelta(index: 0, arguments: Self.weather.arguments)),
        ]
        let calls = accumulate(chatToolDeltas(try chat(events, Self.summary(calls: [Self.weather]))))
        XCTAssertEqual(calls[0]?["id"], "call_a")
        XCTAssertEqual(calls[1], ["id": "call_w", "name": "get_weather", "arguments": Self.weather.arguments])
        XCTAssertEqual(calls.count, 2, "the summary's call was streamed, not sent again whole")
    }

    // MARK: - Anthropic Messages

    private func anthropic(_ events: [EngineEvent]) throws -> [(String, [String: Any])] {
        var encoder = AnthropicStreamEncoder(messageID: "msg_test", requestedModel: "m")
        var out: [UInt8] = []
        for event in events { out += try encoder.encode(event) }
        return try SSETestEvents.parse(String(decoding: out, as: UTF8.self))
    }

    /// The blocks as the anthropic SDK folds them (by index; `partial_json` joined and parsed at the block's
    /// stop), and each block's life in order: `start N`, `delta N`, `stop N`.
    private func foldBlocks(_ events: [(String, [String: Any])]) throws -> (blocks: [[String: Any]], life: [String]) {
        var blocks: [Int: [String: Any]] = [:]
        var json: [Int: String] = [:]
        var stopped: Set<Int> = []
        var life: [String] = []
        for (name, data) in events {
            guard let index = data["index"] as? Int else { continue }
            switch name {
            case "content_block_start":
                XCTAssertNil(blocks[index], "block \(index) started twice")
                blocks[index] = try XCTUnwrap(data["content_block"] as? [String: Any])
                life.append("start \(index)")
            case "content_block_delta":
                XCTAssertFalse(stopped.contains(index), "a delta after block \(index) stopped")
                let delta = try XCTUnwrap(data["delta"] as? [String: Any])
                switch delta["type"] as? String {
                case "input_json_delta": json[index, default: ""] += delta["partial_json"] as? String ?? ""
                case "thinking_delta":
                    let joined = (blocks[index]?["thinking"] as? String ?? "") + (delta["thinking"] as? String ?? "")
                    blocks[index]?["thinking"] = joined
                case "text_delta":
                    let joined = (blocks[index]?["text"] as? String ?? "") + (delta["text"] as? String ?? "")
                    blocks[index]?["text"] = joined
                case "signature_delta": blocks[index]?["signature"] = delta["signature"]
                default: XCTFail("unknown delta \(delta)")
                }
                life.append("delta \(index)")
            case "content_block_stop":
                stopped.insert(index)
                if let text = json[index] { blocks[index]?["input"] = try JSONSerialization.jsonObject(with: Data(text.utf8)) }
                life.append("stop \(index)")
            default: break
            }
        }
        XCTAssertEqual(stopped.count, blocks.count, "every block stopped")
        return (blocks.keys.sorted().compactMap { blocks[$0] }, life)
    }

    /// One call after another: each `tool_use` block starts with id, name and empty input, gets its pieces and
    /// stops before the next starts, as Anthropic sends them; folded, the blocks equal the non-streamed message.
    func testAnthropicCallsStreamAsToolUseBlocksOneAfterAnother() throws {
        let summary = Self.summary()
        let events = try anthropic(Self.sequential + [.finished(summary)])
        let (blocks, life) = try foldBlocks(events)
        XCTAssertEqual(life, ["start 0", "delta 0", "delta 0", "delta 0", "stop 0", "start 1", "delta 1", "delta 1", "stop 1"])
        let start = try XCTUnwrap(events.first { $0.0 == "content_block_start" }?.1["content_block"] as? [String: Any])
        XCTAssertEqual(start["input"] as? [String: String], [:])
        XCTAssertEqual(start["id"] as? String, "call_w")
        let deltas = events.filter { $0.0 == "content_block_delta" }.compactMap { ($0.1["delta"] as? [String: Any])?["partial_json"] as? String }
        XCTAssertEqual(deltas, [#"{"ci"#, #"ty":"Par"#, #"is"}"#, #"{"zone""#, #":"CET"}"#], "the upstream's own pieces")
        let whole = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(try AnthropicMessageEncoder.message(summary, id: "m"))) as? [String: Any])
        XCTAssertEqual(NSArray(array: blocks), NSArray(array: whole["content"] as? [Any] ?? []))
        XCTAssertEqual(events.suffix(2).map(\.0), ["message_delta", "message_stop"])
        XCTAssertEqual((events.last { $0.0 == "message_delta" }?.1["delta"] as? [String: Any])?["stop_reason"] as? String, "tool_use")
    }

    /// Interleaved pieces: both blocks stay open, each piece goes to its own block, both inputs come out whole.
    func testAnthropicInterleavedCallsKeepTheirOwnBlocks() throws {
        let (blocks, life) = try foldBlocks(try anthropic(Self.interleaved + [.finished(Self.summary())]))
        XCTAssertEqual(life, ["start 0", "start 1", "delta 0", "delta 1", "delta 0", "delta 1", "stop 0", "stop 1"])
        XCTAssertEqual(blocks.map { $0["input"] as? [String: String] }, [["city": "Paris"], ["zone": "CET"]])
    }

    /// Thinking from an Anthropic upstream keeps its signature (`signature_delta` before the block stops) and
    /// its redacted blocks; thinking from any other upstream goes unsigned, streamed or not, and its encrypted
    /// blocks are left out: no signature is passed to a wire it was not made for.
    func testAnthropicSignaturesPassOnlyFromAnAnthropicUpstream() throws {
        for origin in [Self.anthropic, Self.gemini] {
            let fromAnthropic = origin.wire == .anthropic
            let events = try anthropic([
                .reasoning("let me "), .reasoning("think"), .reasoningSeal(ReasoningSeal(signature: "sig-1", origin: origin)),
                .reasoningSeal(ReasoningSeal(redactedData: "opaque", origin: origin)),
                .delta("42"), .finished(AnthropicStreamEncoderTests.summary(text: "42", reasoning: [
                    ReasoningPart(text: "let me think", signature: "sig-1", origin: origin),
                    ReasoningPart(text: "", redactedData: "opaque", origin: origin),
                ])),
            ])
            let (blocks, life) = try foldBlocks(events)
            let names = events.map(\.0)
            if fromAnthropic {
                XCTAssertEqual(life, ["start 0", "delta 0", "delta 0", "delta 0", "stop 0", "start 1", "stop 1", "start 2", "delta 2", "stop 2"])
                let signature = try XCTUnwrap(names.indices.first { (events[$0].1["delta"] as? [String: Any])?["type"] as? String == "signature_delta" })
                XCTAssertEqual(names[signature + 1], "content_block_stop", "the signature closes the thinking block")
                XCTAssertEqual(blocks.map { $0["type"] as? String }, ["thinking", "redacted_thinking", "text"])
                XCTAssertEqual(blocks[0]["signature"] as? String, "sig-1")
                XCTAssertEqual(blocks[1]["data"] as? String, "opaque")
            } else {
                XCTAssertEqual(blocks.map { $0["type"] as? String }, ["thinking", "text"])
                XCTAssertEqual(blocks[0]["signature"] as? String, "", "no signature: none is made up")
                XCTAssertFalse(events.contains { ($0.1["delta"] as? [String: Any])?["type"] as? String == "signature_delta" })
            }
            XCTAssertEqual(blocks.first?["thinking"] as? String, "let me think")
            // The non-streamed message says the same.
            let summary = AnthropicStreamEncoderTests.summary(text: "42", reasoning: [
                ReasoningPart(text: "let me think", signature: "sig-1", origin: origin),
                ReasoningPart(text: "", redactedData: "opaque", origin: origin),
            ])
            let whole = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(try AnthropicMessageEncoder.message(summary, id: "m"))) as? [String: Any])
            XCTAssertEqual(NSArray(array: blocks), NSArray(array: whole["content"] as? [Any] ?? []), "\(origin.wire)")
        }
    }

    /// Thinking after a signature (interleaved thinking between tool calls) is a new thinking block.
    func testAnthropicThinkingAfterASignatureIsANewBlock() throws {
        let (blocks, _) = try foldBlocks(try anthropic([
            .reasoning("a"), .reasoningSeal(ReasoningSeal(signature: "s1", origin: Self.anthropic)),
            .reasoning("b"), .reasoningSeal(ReasoningSeal(signature: "s2", origin: Self.anthropic)),
            .finished(AnthropicStreamEncoderTests.summary(text: "")),
        ]))
        XCTAssertEqual(blocks.filter { $0["type"] as? String == "thinking" }.map { [$0["thinking"] as? String, $0["signature"] as? String] },
                       [["a", "s1"], ["b", "s2"]])
    }

    // MARK: - Responses

    private func responses(_ events: [EngineEvent], request: String = #"{"model":"m","input":"x"}"#) throws -> [(String, [String: Any])] {
        let echo = ResponsesEcho(try ResponsesRequestDecoder.decode(Array(request.utf8)))
        var encoder = ResponsesStreamEncoder(request: echo, ids: ResponsesIDs(requestID: "req-1", createdAt: 1), requestedModel: "m")
        var out: [UInt8] = []
        for event in events { out += try encoder.encode(event) }
        return try SSETestEvents.parse(String(decoding: out, as: UTF8.self))
    }

    func testResponsesCallsStreamAsFunctionCallItemsInPieces() throws {
        let summary = Self.summary()
        let events = try responses(Self.sequential + [.finished(summary)])
        XCTAssertEqual(events.map(\.0), [
            "response.created", "response.in_progress",
            "response.output_item.added", "response.function_call_arguments.delta", "response.function_call_arguments.delta",
            "response.function_call_arguments.delta",
            "response.function_call_arguments.done", "response.output_item.done",
            "response.output_item.added", "response.function_call_arguments.delta", "response.function_call_arguments.delta",
            "response.function_call_arguments.done", "response.output_item.done",
            "response.completed",
        ])
        let added = try XCTUnwrap(events[2].1["item"] as? [String: Any])
        XCTAssertEqual(added["type"] as? String, "function_call")
        XCTAssertEqual(added["call_id"] as? String, "call_w")
        XCTAssertEqual(added["name"] as? String, "get_weather")
        XCTAssertEqual(added["arguments"] as? String, "")
        XCTAssertEqual(events[3].1["delta"] as? String, #"{"ci"#)
        XCTAssertEqual(events[3].1["item_id"] as? String, added["id"] as? String)
        XCTAssertEqual(events[6].1["arguments"] as? String, Self.weather.arguments)
        XCTAssertEqual(events[8].1["output_index"] as? Int, 1, "the second call is the second item")
        let numbers = events.compactMap { $0.1["sequence_number"] as? Int }
        XCTAssertEqual(numbers, Array(0..<events.count))
        let completed = try XCTUnwrap(events.last?.1["response"] as? [String: Any])
        let whole = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(try ResponsesObjectEncoder.response(
            summary, request: ResponsesEcho(try ResponsesRequestDecoder.decode(Array(#"{"model":"m","input":"x"}"#.utf8))),
            ids: ResponsesIDs(requestID: "req-1", createdAt: 1)))) as? [String: Any])
        XCTAssertEqual(NSDictionary(dictionary: completed), NSDictionary(dictionary: whole))
    }

    /// A freeform tool's text streams decoded from the routed model's `{"input": …}` arguments, whatever the
    /// pieces split (mid-escape, mid-surrogate-pair), and the deltas join to the `.done` input.
    func testResponsesFreeformToolTextStreamsDecoded() throws {
        let patch = "*** Begin Patch\n+ \"quoted\" 😀 tab\t\n*** End Patch"
        let arguments = ResponsesWireWords.customArguments(patch)
        XCTAssertTrue(arguments.contains("\\n") && arguments.contains("\\\""), arguments)
        // Pieces of 3 bytes split escapes; a surrogate pair written as escapes is split too.
        let escapedEmoji = arguments.replacingOccurrences(of: "😀", with: "\\ud83d\\ude00")
        for written in [arguments, escapedEmoji] {
            var pieces: [EngineEvent] = [.toolCall(ToolCallDelta(index: 0, id: "c1", name: "apply_patch"))]
            var rest = Substring(written)
            while !rest.isEmpty {
                pieces.append(.toolCall(ToolCallDelta(index: 0, arguments: String(rest.prefix(3)))))
                rest = rest.dropFirst(3)
            }
            let call = ToolCall(id: "c1", name: "apply_patch", arguments: written)
            let events = try responses(pieces + [.finished(Self.summary(calls: [call]))],
                                       request: #"{"model":"m","input":"x","tools":[{"type":"custom","name":"apply_patch"}]}"#)
            let deltas = events.filter { $0.0 == "response.custom_tool_call_input.delta" }.compactMap { $0.1["delta"] as? String }
            XCTAssertGreaterThan(deltas.count, 5, "streamed in pieces")
            XCTAssertEqual(deltas.joined(), patch)
            let done = try XCTUnwrap(events.first { $0.0 == "response.custom_tool_call_input.done" })
            XCTAssertEqual(done.1["input"] as? String, patch)
            let item = try XCTUnwrap(events.last { $0.0 == "response.output_item.done" }?.1["item"] as? [String: Any])
            XCTAssertEqual(item["type"] as? String, "custom_tool_call")
            XCTAssertEqual(item["input"] as? String, patch)
        }
    }

    /// Arguments that are not `{"input": …}` stream no text; the `.done` input carries them as they were written.
    func testResponsesFreeformToolWithOtherArgumentsGivesItsTextWithDone() throws {
        let odd = #"{"patch":"x"}"#
        let events = try responses([.toolCall(ToolCallDelta(index: 0, id: "c1", name: "apply_patch")),
                                    .toolCall(ToolCallDelta(index: 0, arguments: odd)),
                                    .finished(Self.summary(calls: [ToolCall(id: "c1", name: "apply_patch", arguments: odd)]))],
                                   request: #"{"model":"m","input":"x","tools":[{"type":"custom","name":"apply_patch"}]}"#)
        XCTAssertFalse(events.contains { $0.0 == "response.custom_tool_call_input.delta" })
        XCTAssertEqual(events.first { $0.0 == "response.custom_tool_call_input.done" }?.1["input"] as? String, odd)
    }

    func testResponsesInterleavedCallsKeepTheirOwnItems() throws {
        let events = try responses(Self.interleaved + [.finished(Self.summary())])
        var arguments: [String: String] = [:]
        for (name, data) in events where name == "response.function_call_arguments.delta" {
            arguments[data["item_id"] as? String ?? "", default: ""] += data["delta"] as? String ?? ""
        }
        let items = events.filter { $0.0 == "response.output_item.done" }.compactMap { $0.1["item"] as? [String: Any] }
        XCTAssertEqual(items.map { $0["arguments"] as? String }, [Self.weather.arguments, Self.time.arguments])
        XCTAssertEqual(items.map { arguments[$0["id"] as? String ?? ""] }, [Self.weather.arguments, Self.time.arguments])
    }
}
