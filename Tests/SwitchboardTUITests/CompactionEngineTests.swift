import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

/// `/compact` end to end below the screen: `update`, the effect runner, the real engine and the demo provider.
/// The request the engine sends after a compaction carries the summary, not the turns it stands for.
final class CompactionEngineTests: XCTestCase {
    /// Keeps every request body the engine sends, then lets the demo answer it.
    private final class BodyRecorder: HTTPTransport, @unchecked Sendable {
        private let lock = NSLock()
        private var bodies: [[UInt8]] = []
        private let demo = DemoTransport(next: nil, paceScale: 0)

        var sent: [[UInt8]] { lock.withLock { bodies } }

        func send(_ request: HTTPRequest, connectTimeout: Duration, abort: AbortSignal) async throws -> HTTPResponse {
            lock.withLock { bodies.append(request.body) }
            return try await demo.send(request, connectTimeout: connectTimeout, abort: abort)
        }
    }

    /// The loop of the workbench without a screen: effects to the runner, its actions back into `update`, until
    /// nothing is in flight.
    private final class Loop: @unchecked Sendable {
        let actions = LockedBox<[Action]>([])
        var consumed = 0
        var runner: EffectRunner!

        func drive(_ effects: [Effect], _ state: inout AppState) async throws {
            var pending = effects
            let deadline = ContinuousClock.now + .seconds(10)
            repeat {
                for effect in pending { runner.submit(effect) }
                pending = []
                try await Task.sleep(for: .milliseconds(5))
                let all = actions.value
                while consumed < all.count {
                    pending += update(&state, all[consumed])
                    consumed += 1
                }
            } while (state.isStreaming || !pending.isEmpty) && ContinuousClock.now < deadline
            XCTAssertFalse(state.isStreaming, "the turn ended")
        }
    }

    private func messages(of body: [UInt8]) throws -> [(role: String, content: String)] {
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        let messages = try XCTUnwrap(object["messages"] as? [[String: Any]])
        return messages.map { ($0["role"] as? String ?? "?", $0["content"] as? String ?? "") }
    }

    func testTheRequestAfterACompactionCarriesTheSummaryAndNotTheOriginals() async throws {
        let transport = BodyRecorder()
        let registry = try ProviderRegistry.resolve(configuration: Configuration(), environment: [:])
        let engine = RoutingEngine(planner: RoutePlanner(catalog: ModelCatalog(models: DemoProvider.models), registry: registry),
                                   transport: transport)
        let store = MemoryWorkbenchStore()
        let loop = Loop()
        loop.runner = EffectRunner(dependencies: WorkbenchDependencies(engine: engine, store: store,
                                                                       exportDirectory: FileManager.default.temporaryDirectory),
                                   driver: BufferDriver()) { [actions = loop.actions] action in actions.mutate { $0.append(action) } }
        var state = Fixtures.state(model: "demo/pro")

        for text in ["tell me about apples", "/compact", "and pears?"] {
            _ = update(&state, .typeText(text))
            try await loop.drive(update(&state, .command(.send)), &state)
        }
        await loop.runner.finish(timeout: .seconds(2))

        let bodies = transport.sent
        XCTAssertEqual(bodies.count, 3, "the first turn, the summary, the turn after it")
        let firstAnswer = try XCTUnwrap(state.transcript.entries.first { $0.reply != nil }?.text)
        let summaryRequest = try messages(of: bodies[1])
        XCTAssertTrue(summaryRequest.last?.content.contains("tell me about apples") == true, "the summary reads the turns")
        XCTAssertEqual(try XCTUnwrap(JSONSerialization.jsonObject(with: Data(bodies[1])) as? [String: Any])["model"] as? String,
                       "demo-mini", "the cheap model writes it")

        let after = try messages(of: bodies[2])
        let summary = try XCTUnwrap(state.context.summary)
        XCTAssertEqual(after.map(\.role), ["system", "user"])
        XCTAssertEqual(after[0].content, summary.message.text)
        XCTAssertEqual(after[1].content, "and pears?")
        XCTAssertFalse(after.contains { $0.content == "tell me about apples" || $0.content == firstAnswer },
                       "the compacted turns are not sent")

        let kept = await store.compactions
        XCTAssertEqual(kept.map { [$0.compaction.turn, $0.compaction.throughTurn] }, [[summary.turn, summary.throughTurn]])
        XCTAssertEqual(kept.map(\.compaction.summary), [summary.summary], "stored through the port")
        XCTAssertTrue(state.transcript.entries.contains { $0.kind == .divider && $0.text.hasPrefix("compacted 1 turn into a summary") })
    }
}

/// The summary request itself.
final class CompactionRequestTests: XCTestCase {
    func testTheRequestReadsTheConversationAsTextAndBoundsTheSummary() {
        let image = ContentPart.image(ImagePart(.bytes(Data([1]), mediaType: "image/png")))
        let request = Compaction.request(summarising: [
            .system("Summary of the earlier conversation: S0"),
            ChatMessage(role: .user, parts: [image, .text("what is in it?")]),
            ChatMessage(role: .assistant, parts: [.reasoning(ReasoningPart(text: "hmm")), .text("a cat")]),
        ], model: ModelRef(id: "demo/mini"))
        XCTAssertEqual(request.maxTokens, Compaction.maxSummaryTokens)
        XCTAssertFalse(request.applyRules, "task rules do not reroute a summary")
        XCTAssertEqual(request.messages.map(\.role), [.system, .user])
        XCTAssertEqual(request.messages[1].text, """
            Summarise this conversation:

            [Context]
            Summary of the earlier conversation: S0

            [User]
            (an image was attached)
            what is in it?

            [Assistant]
            a cat
            """)
    }
}
