import Foundation
@testable import SwitchboardCore
import XCTest

/// How one attempt hands what it reads to the consumer: one `.delta` per network read, not one per chunk, so the
/// consumer's task is woken once per read.
final class AttemptRunnerTests: XCTestCase {
    func testTheChunksOfOneReadArriveAsOneDelta() async {
        let reads = [
            sse(["Hel", "lo, ", "world"]),
            sse(["!"]) + "data: " + #"{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"# + "\n\ndata: [DONE]\n\n",
        ]
        let events = await run(reads)
        XCTAssertEqual(deltas(events), ["Hello, world", "!"])
    }

    func testAnAttemptKeepsAllTheTextAndItsFirstTokenTime() async {
        let reads = [sse(["a", "b"]), sse(["c"]) + "data: [DONE]\n\n"]
        let runner = AttemptRunner(transport: ScriptedBody(reads), timeouts: Timeouts(), clock: SystemClock())
        let result = await runner.run(ChatRequest(messages: [.user("Hi")]), on: Self.endpoint, providerModel: "m", signal: AbortSignal()) { _ in }
        XCTAssertEqual(result.progress.text, "abc")
        XCTAssertNotNil(result.progress.firstTokenAt)
        XCTAssertNil(result.error)
    }

    func testUsageKeepsItsPlaceBetweenTexts() {
        let usage = Usage(input: 3, output: 2)
        var emitted: [String] = []
        AttemptRunner.deliver([.text("a"), .text(""), .text("b"), .usage(usage), .servedModel("m"), .text("c")],
                              origin: ReasoningOrigin(wire: .openAIChat, provider: "p")) { event in
            switch event {
            case .delta(let text): emitted.append("delta:" + text)
            case .usage(let usage): emitted.append("usage:\(usage.input)/\(usage.output)")
            default: emitted.append("other")
            }
        }
        XCTAssertEqual(emitted, ["delta:ab", "usage:3/2", "delta:c"])
    }

    // MARK: - Helpers

    private static let endpoint = ProviderEndpoint(name: "p", wire: .openAIChat,
                                                   baseURL: URL(string: "http://p.invalid/v1") ?? URL(fileURLWithPath: "/"),
                                                   apiKey: "k")

    private func sse(_ texts: [String]) -> String {
        texts.map { "data: " + #"{"choices":[{"index":0,"delta":{"content":"\#($0)"}}]}"# + "\n\n" }.joined()
    }

    private func run(_ reads: [String]) async -> [EngineEvent] {
        let box = EventBox()
        let runner = AttemptRunner(transport: ScriptedBody(reads), timeouts: Timeouts(), clock: SystemClock())
        _ = await runner.run(ChatRequest(messages: [.user("Hi")]), on: Self.endpoint, providerModel: "m", signal: AbortSignal()) { box.append($0) }
        return box.events
    }

    private func deltas(_ events: [EngineEvent]) -> [String] {
        events.compactMap { if case .delta(let text) = $0 { text } else { nil } }
    }
}

/// Answers every request with 200 and a body delivered as the given reads, one buffer each.
private struct ScriptedBody: HTTPTransport {
    var reads: [String]
    init(_ reads: [String]) { self.reads = reads }

    func send(_ request: HTTPRequest, connectTimeout: Duration, abort: AbortSignal) async throws -> HTTPResponse {
        let body = AsyncThrowingStream<[UInt8], any Error> { continuation in
            reads.forEach { continuation.yield(Array($0.utf8)) }
            continuation.finish()
        }
        return HTTPResponse(status: 200, headers: HTTPHeaders([("content-type", "text/event-stream")]), body: body)
    }
}

private final class EventBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [EngineEvent] = []
    var events: [EngineEvent] { lock.withLock { stored } }
    func append(_ event: EngineEvent) { lock.withLock { stored.append(event) } }
}
