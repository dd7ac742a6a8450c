import Foundation
import Logging
@testable import SwitchboardCore
import XCTest

/// The engine carrying out its state machine's actions with a fake transport and a fake clock: no socket is
/// opened and no wait takes real time.
final class RoutingEngineTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sb-engine-\(UUID().uuidString)")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func engine(_ transport: FakeTransport, clock: FakeClock, providers: [String] = ["p0"],
                        ledger: (any Ledger)? = nil, recent: [AttemptRecord] = [],
                        logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })) throws -> RoutingEngine {
        let endpoints = providers.map {
            ProviderEndpoint(name: $0, wire: .openAICompatible, baseURL: URL(string: "http://\($0).invalid/v1") ?? URL(fileURLWithPath: "/"),
                             apiKey: "k-\($0)")
        }
        let deployments = providers.map { Deployment(provider: $0, providerModel: "model-\($0)", price: Price(input: nil, output: nil)) }
        let catalog = ModelCatalog(models: [CatalogModel(id: "acme/model", name: "Model", deployments: deployments)])
        let planner = RoutePlanner(catalog: catalog, registry: ProviderRegistry(endpoints: endpoints))
        return RoutingEngine(resolver: try RouteResolver(planner: planner, routing: RoutingConfiguration()), transport: transport,
                             ledger: ledger, clock: clock,
                             timeouts: Timeouts(connect: .seconds(3600), firstToken: .seconds(3600), stall: .seconds(3600)),
                             recentAttempts: recent, logger: logger)
    }

    private func run(_ engine: RoutingEngine, model: String = "acme/model@p0") async throws -> [EngineEvent] {
        var events: [EngineEvent] = []
        for try await event in engine.run(TurnRequest(messages: [.user("Hi")], model: try ModelRef(parsing: model))) {
            events.append(event)
        }
        return events
    }

    private func summary(_ events: [EngineEvent]) throws -> TurnSummary {
        for case .finished(let summary) in events { return summary }
        XCTFail("no finished event: \(events)")
        throw CocoaError(.featureUnsupported)
    }

    func testARetryAfterIsWaitedOnTheEngineClock() async throws {
        let transport = FakeTransport([.status(429, headers: [("retry-after", "7")]), .answer("Hello")])
        let clock = FakeClock()
        let events = try await run(try engine(transport, clock: clock))
        let summary = try summary(events)
        XCTAssertTrue(summary.complete)
        XCTAssertEqual(summary.text, "Hello")
        XCTAssertEqual(summary.attempts.map(\.outcome), [.failed(.rateLimited, afterFirstToken: false), .success])
        XCTAssertEqual(clock.waits, [.seconds(7)], "the provider's wait, on the injected clock")
        XCTAssertEqual(transport.requests, 2)
    }

    func testADeploymentCoolingDownIsWaitedOutBeforeTheFirstTry() async throws {
        let clock = FakeClock()
        // Three failures just now trip the breaker: the next turn waits out the 30 s cooldown, then tries.
        let recent = (1...3).map { ordinal in
            AttemptRecord(turnID: UUID(), ordinal: ordinal, model: "acme/model", provider: "p0", providerModel: "model-p0",
                          reason: "explicit", outcome: .failed(.server, afterFirstToken: false),
                          startedAt: clock.wallNow, duration: .zero)
        }
        let transport = FakeTransport([.answer("Back")])
        let events = try await run(try engine(transport, clock: clock, recent: recent))
        XCTAssertEqual(try summary(events).text, "Back")
        XCTAssertEqual(clock.waits, [.seconds(30)])
        let notices = events.compactMap { if case .notice(let text) = $0 { text } else { nil } }
        XCTAssertEqual(notices, ["every candidate is cooling down; waiting 30 s for the first to recover"])
    }

    func testAFailingLedgerIsLoggedOnceToTheStateFileWithTheKeyRedacted() async throws {
        let url = SwitchboardLog.fileURL(environment: ["XDG_STATE_HOME": directory.path])
        XCTAssertEqual(url.path, directory.path + "/switchboard/switchboard.log")
        let file = LogFile(url: url)
        let logger = Logger(label: "switchboard.engine", factory: { FileLogHandler(label: $0, file: file) })
        let key = "sk-live0123456789abcdefXYZ"
        let transport = FakeTransport([.status(503), .answer("Fine")])
        let engine = try engine(transport, clock: FakeClock(), providers: ["p0", "p1"],
                                ledger: RefusingLedger(detail: "disk full near \(key)"), logger: logger)
        let events = try await run(engine, model: "acme/model")
        let summary = try summary(events)
        XCTAssertTrue(summary.complete, "the turn still ends with its answer")
        XCTAssertEqual(summary.attempts.count, 2, "four failed ledger writes")

        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 1, "\(lines)")
        let line = String(lines.first ?? "")
        XCTAssertTrue(line.contains("error switchboard.engine: could not record attempt 1 in the ledger"), line)
        XCTAssertTrue(line.contains("turn=\(summary.attempts[0].turnID)"), line)
        XCTAssertFalse(line.contains(key), "the key never reaches the file: \(line)")
        XCTAssertTrue(line.contains("sk-l…[redacted]"), line)
        let fileMode = try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int
        let directoryMode = try FileManager.default.attributesOfItem(atPath: url.deletingLastPathComponent().path)[.posixPermissions] as? Int
        XCTAssertEqual(fileMode, 0o600)
        XCTAssertEqual(directoryMode, 0o700)
    }

    func testTheLogFileDefaultsUnderHomeAndIgnoresARelativeStateHome() {
        XCTAssertEqual(SwitchboardLog.fileURL(environment: ["HOME": "/home/ada"]).path,
                       "/home/ada/.local/state/switchboard/switchboard.log")
        XCTAssertEqual(SwitchboardLog.fileURL(environment: ["HOME": "/home/ada", "XDG_STATE_HOME": "state"]).path,
                       "/home/ada/.local/state/switchboard/switchboard.log")
    }

    func testALogLineStaysOneLine() {
        XCTAssertEqual(FileLogHandler.oneLine("a\nb\r\nc"), "a\\nb\\r\\nc\n")
    }
}

/// Answers requests from a script, in order; counts them.
private final class FakeTransport: HTTPTransport, @unchecked Sendable {
    enum Reply {
        case status(Int, headers: [(String, String)] = [])
        case answer(String)
    }

    private let lock = NSLock()
    private var script: [Reply]
    private var count = 0

    init(_ script: [Reply]) { self.script = script }

    var requests: Int { lock.withLock { count } }

    func send(_ request: HTTPRequest, connectTimeout: Duration, abort: AbortSignal) async throws -> HTTPResponse {
        let reply = lock.withLock { () -> Reply? in
            count += 1
            return script.isEmpty ? nil : script.removeFirst()
        }
        switch reply {
        case .status(let status, let headers)?:
            return HTTPResponse(status: status, headers: HTTPHeaders(headers), body: Self.body([#"{"error":{"message":"busy"}}"#]))
        case .answer(let text)?:
            let chunk = #"{"choices":[{"index":0,"delta":{"content":"\#(text)"}}]}"#
            let end = #"{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#
            return HTTPResponse(status: 200, headers: HTTPHeaders([("content-type", "text/event-stream")]),
                                body: Self.body(["data: \(chunk)\n\n", "data: \(end)\n\ndata: [DONE]\n\n"]))
        case nil:
            throw TransportError.connectionFailed("script ran out")
        }
    }

    private static func body(_ chunks: [String]) -> AsyncThrowingStream<[UInt8], any Error> {
        AsyncThrowingStream { continuation in
            chunks.forEach { continuation.yield(Array($0.utf8)) }
            continuation.finish()
        }
    }
}

/// Virtual time: a wait up to a minute (a retry, a cooldown) passes at once and is recorded; a longer one (the
/// attempt watchdog's hour-long deadlines) stays asleep until it is cancelled.
private final class FakeClock: EngineClock, @unchecked Sendable {
    private let lock = NSLock()
    private var offset: Duration = .zero
    private var recorded: [Duration] = []
    private let origin = ContinuousClock.now
    let wallNow = Date(timeIntervalSince1970: 1_750_000_000)

    var now: ContinuousClock.Instant { lock.withLock { origin + offset } }
    var waits: [Duration] { lock.withLock { recorded } }

    func sleep(for duration: Duration) async throws {
        guard duration <= .seconds(60) else {
            try await Task.sleep(for: .seconds(86_400))
            return
        }
        try Task.checkCancellation()
        lock.withLock {
            recorded.append(duration)
            offset += duration
        }
    }
}

private struct LedgerRefusal: Error, CustomStringConvertible {
    var description: String
}

/// A ledger whose every write fails with `detail`.
private struct RefusingLedger: Ledger {
    var detail: String
    func begin(_ attempt: AttemptRecord) async throws { throw LedgerRefusal(description: detail) }
    func record(_ attempt: AttemptRecord) async throws { throw LedgerRefusal(description: detail) }
}
