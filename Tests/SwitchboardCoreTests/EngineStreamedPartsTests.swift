import Foundation
@testable import SwitchboardCore
import XCTest

/// The engine hands tool calls and thinking signatures on as they stream (for `serve`'s wire encoders), numbered
/// and marked the way the finished turn has them, while the summary's joined calls and blocks stay as they were.
final class EngineStreamedPartsTests: XCTestCase {
    /// Anthropic: thinking (block 0) closed by its signature, text (block 1), a tool call (block 2) whose input
    /// comes in pieces. The call is numbered 0, its position in the reply, not its content-block index.
    func testAnthropicPiecesArriveNumberedAndTheSignatureMarkedWithItsOrigin() async throws {
        let body = [
            #"{"type":"message_start","message":{"id":"m","type":"message","role":"assistant","content":[],"model":"claude-x","usage":{"input_tokens":3,"output_tokens":1}}}"#,
            #"{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}"#,
            #"{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"hmm"}}"#,
            #"{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"sig-9"}}"#,
            #"{"type":"content_block_stop","index":0}"#,
            #"{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}"#,
            #"{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Checking."}}"#,
            #"{"type":"content_block_stop","index":1}"#,
            #"{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{}}}"#,
            #"{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"ci"}}"#,
            #"{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"ty\":\"Paris\"}"}}"#,
            #"{"type":"content_block_stop","index":2}"#,
            #"{"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":9}}"#,
            #"{"type":"message_stop"}"#,
        ].map { json -> String in
            let type = (try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["type"] as? String ?? ""
            return "event: \(type)\ndata: \(json)\n\n"
        }
        let endpoint = ProviderEndpoint(name: "anthropic", wire: .anthropic, baseURL: URL(fileURLWithPath: "/"), apiKey: "k")
        let (events, result) = await run(body, endpoint: endpoint, model: "claude-x")
        XCTAssertEqual(labels(events), ["reasoning hmm", "seal sig-9 anthropic/anthropic/claude-x", "delta Checking.",
                                        "call 0 toolu_1 get_weather ", "call 0 - - {\"ci", "call 0 - - ty\":\"Paris\"}"])
        // The summary's parts are what they were: joined from the same pieces.
        XCTAssertEqual(result.progress.parts.toolCalls, [ToolCall(id: "toolu_1", name: "get_weather", arguments: #"{"city":"Paris"}"#)])
        XCTAssertEqual(result.progress.parts.reasoning.map(\.signature), ["sig-9"])
    }

    /// A server that sends every whole call with index 0 (Ollama): the second call, a different id, is call 1.
    func testCallsThatAllSayIndexZeroAreNumberedByTheirPosition() async throws {
        let chunk = { (id: String, name: String) in
            "data: " + #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"\#(id)","type":"function","function":{"name":"\#(name)","arguments":"{}"}}]}}]}"# + "\n\n"
        }
        let body = [chunk("c1", "ls"), chunk("c2", "pwd"),
                    "data: " + #"{"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}"# + "\n\ndata: [DONE]\n\n"]
        let endpoint = ProviderEndpoint(name: "ollama", wire: .openAICompatible, baseURL: URL(fileURLWithPath: "/"))
        let (events, result) = await run(body, endpoint: endpoint, model: "qwen3")
        XCTAssertEqual(labels(events), ["call 0 c1 ls {}", "call 1 c2 pwd {}"])
        XCTAssertEqual(result.progress.parts.toolCalls.map(\.id), ["c1", "c2"])
    }

    // MARK: - Helpers

    private func run(_ reads: [String], endpoint: ProviderEndpoint, model: String) async -> ([EngineEvent], AttemptRunner.Result) {
        let box = StreamedEventBox()
        let runner = AttemptRunner(transport: ReadsTransport(reads: reads), timeouts: Timeouts(), clock: SystemClock())
        let result = await runner.run(ChatRequest(messages: [.user("Hi")]), on: endpoint, providerModel: model,
                                      signal: AbortSignal()) { box.append($0) }
        XCTAssertNil(result.error)
        return (box.events, result)
    }

    private func labels(_ events: [EngineEvent]) -> [String] {
        events.compactMap { event in
            switch event {
            case .delta(let text): "delta " + text
            case .reasoning(let text): "reasoning " + text
            case .reasoningSeal(let seal):
                "seal \(seal.signature ?? "-") \(seal.origin.wire.rawValue)/\(seal.origin.provider)/\(seal.origin.model ?? "-")"
            case .toolCall(let delta): "call \(delta.index) \(delta.id ?? "-") \(delta.name ?? "-") \(delta.arguments)"
            default: nil
            }
        }
    }
}

/// Answers with 200 and the given reads, one buffer each.
private struct ReadsTransport: HTTPTransport {
    var reads: [String]

    func send(_ request: HTTPRequest, connectTimeout: Duration, abort: AbortSignal) async throws -> HTTPResponse {
        let body = AsyncThrowingStream<[UInt8], any Error> { continuation in
            reads.forEach { continuation.yield(Array($0.utf8)) }
            continuation.finish()
        }
        return HTTPResponse(status: 200, headers: HTTPHeaders([("content-type", "text/event-stream")]), body: body)
    }
}

private final class StreamedEventBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [EngineEvent] = []
    var events: [EngineEvent] { lock.withLock { stored } }
    func append(_ event: EngineEvent) { lock.withLock { stored.append(event) } }
}
