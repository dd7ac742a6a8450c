import Foundation
import XCTest
import SwitchboardCore
import SwitchboardHTTP
import SwitchboardTestSupport
@testable import SwitchboardStore

/// A reply keeps the thinking it streamed however it ends: failed or cancelled after another candidate took over
/// a broken answer (`continue_on_failure`), broken off on its own, or cut by a crash between checkpoints. The
/// engine runs against the loopback fixture; the turn is recorded in a real SQLite file and read back.
final class TurnRecorderThinkingTests: XCTestCase {
    private var directory: TemporaryFolder!
    private var store: SQLiteStore!
    private var fixture: ProviderFixture!
    private var transport: AsyncHTTPTransport!
    private static let thinking = ["Weighing ", "the options."]

    override func setUp() async throws {
        directory = try TemporaryFolder()
        store = try SQLiteStore(url: directory.url.appendingPathComponent("history.sqlite"))
        fixture = try await ProviderFixture.start()
        fixture.update { $0.answer = FixtureAnswer(chunks: ["Take ", "the second."]); $0.answer.reasoning = Self.thinking }
        transport = AsyncHTTPTransport()
    }

    override func tearDown() async throws {
        try await transport.shutdown()
        try await fixture.shutdown()
    }

    /// `acme/first` via p1, then `acme/second` via p2, both at the fixture.
    private func engine(continueOnFailure: Bool) throws -> RoutingEngine {
        let price = Price(input: Decimal(string: "0.000001"), output: Decimal(string: "0.000002"))
        let catalog = ModelCatalog(models: ["first", "second"].map { name in
            CatalogModel(id: "acme/\(name)", name: name, deployments: [
                Deployment(provider: name == "first" ? "p1" : "p2", providerModel: name, price: price),
            ])
        })
        let endpoints = ["p1", "p2"].map { ProviderEndpoint(name: $0, wire: .openAIChat, baseURL: fixture.openAIBaseURL, apiKey: "k") }
        let planner = RoutePlanner(catalog: catalog, registry: ProviderRegistry(endpoints: endpoints))
        return RoutingEngine(resolver: try RouteResolver(planner: planner, routing: RoutingConfiguration()), transport: transport,
                             timeouts: Timeouts(connect: .seconds(2), firstToken: .seconds(5), stall: .seconds(2)),
                             continueOnFailure: continueOnFailure)
    }

    private func turn() throws -> TurnRequest {
        TurnRequest(messages: [.user("Which one?")], model: try ModelRef(parsing: "acme/first"),
                    fallbacks: [try ModelRef(parsing: "acme/second")])
    }

    /// Runs the turn through a recorder over the SQLite file; `each` sees every event after it is recorded.
    private func record(_ turn: TurnRequest, on engine: RoutingEngine,
                        each: @escaping @Sendable (EngineEvent) -> Void = { _ in }) async throws -> UUID {
        let session = try store.createSession(firstPrompt: "Which one?", model: "acme/first").id
        let recorder = TurnRecorder(store: store, session: session, turn: turn.id, requestedModel: "acme/first")
        try await recorder.begin(prompt: "Which one?")
        try await TurnRecorder.run(turn, on: engine, recorder: recorder) { each($0) }
        return session
    }

    private func storedReply(_ session: UUID) throws -> StoredMessage {
        let reopened = try SQLiteStore(url: store.url)
        return try XCTUnwrap(try reopened.messages(in: session).last { $0.role == .assistant })
    }

    private func thinkingText(_ message: StoredMessage) -> [String] {
        (message.parts ?? []).compactMap { if case .reasoning(let part) = $0 { part.text } else { nil } }
    }

    func testAFailedTurnKeepsTheThinkingOfTheAttemptThatBrokeOff() async throws {
        // The first candidate thinks, then its connection drops; the second one refuses the request.
        fixture.faults.enqueue(.disconnectAfter(chunks: 2))
        fixture.faults.enqueue(.status(400))
        let session = try await record(try turn(), on: try engine(continueOnFailure: true))
        let reply = try storedReply(session)
        XCTAssertEqual(reply.status, .failed)
        XCTAssertEqual(thinkingText(reply), ["Weighing the options."])
        XCTAssertEqual(reply.text, "")
    }

    func testACancelledTurnKeepsTheThinkingOfTheAttemptThatBrokeOff() async throws {
        // The first candidate thinks and drops; the person stops the turn while the second one is silent.
        fixture.faults.enqueue(.disconnectAfter(chunks: 2))
        fixture.faults.enqueue(.slowFirstToken(.seconds(10)))
        let engine = try engine(continueOnFailure: true)
        let turn = try turn()
        let session = try await record(turn, on: engine) { event in
            if case .routed(_, attempt: 2) = event { engine.cancel(turn: turn.id) }
        }
        let reply = try storedReply(session)
        XCTAssertEqual(reply.status, .cancelled)
        XCTAssertEqual(thinkingText(reply), ["Weighing the options."])
    }

    /// Without `continue_on_failure` the broken answer ends the turn: incomplete, its thinking kept with its
    /// origin (this worked before; it is here so both paths stay covered).
    func testAnAnswerThatBreaksOffWhileThinkingIsIncompleteWithItsThinking() async throws {
        fixture.faults.enqueue(.disconnectAfter(chunks: 2))
        let session = try await record(try turn(), on: try engine(continueOnFailure: false))
        let reply = try storedReply(session)
        XCTAssertEqual(reply.status, .incomplete)
        XCTAssertEqual(thinkingText(reply), ["Weighing the options."])
    }

    /// A crash mid-thinking: no final save, only checkpoints. The thinking is in the file with the text so far.
    func testCheckpointsCarryTheThinking() async throws {
        let clock = StepClock()
        let session = try store.createSession(firstPrompt: "q", model: "acme/first").id
        let recorder = TurnRecorder(store: store, session: session, turn: UUID(), requestedModel: "acme/first", clock: clock)
        try await recorder.begin(prompt: "q")
        clock.advance(by: .milliseconds(300))
        await recorder.handle(.reasoning("Weighing "))
        await recorder.waitForCheckpoint()
        clock.advance(by: .milliseconds(300))
        await recorder.handle(.reasoning("the options."))
        await recorder.waitForCheckpoint()
        clock.advance(by: .milliseconds(300))
        await recorder.handle(.delta("Take"))
        await recorder.waitForCheckpoint()

        // The process dies here: the file is read as the next run would.
        let reply = try storedReply(session)
        XCTAssertEqual(reply.status, .incomplete)
        XCTAssertEqual(reply.text, "Take")
        XCTAssertEqual(reply.parts, [.reasoning(ReasoningPart(text: "Weighing the options.")), .text("Take")])
    }
}
