import SwitchboardCore
import XCTest
@testable import SwitchboardConfig

/// `key_cmd` from config to the request that leaves: precedence, once per process, failures as the provider's.
final class KeyCommandTransportTests: XCTestCase {
    func testTheEnvironmentWinsOverKeyCmdWhichWinsOverApiKey() throws {
        let config = try ConfigLoader.parse("""
            [providers.openai]
            key_cmd = "echo from-command"
            api_key = "sk-file-key-000000000001"

            [providers.anthropic]
            api_key = "sk-ant-file-key-00000001"

            [providers.groq]
            key_cmd = "echo from-command"
            """, file: "c.toml")
        let registry = try ProviderRegistry.resolve(
            configuration: config, environment: ["GROQ_API_KEY": "gsk_environment_key_0001"], redactor: Redactor())
        XCTAssertEqual(registry.endpoint("groq")?.apiKey, "gsk_environment_key_0001", "the environment wins")
        XCTAssertEqual(registry.endpoint("anthropic")?.apiKey, "sk-ant-file-key-00000001")
        let openai = try XCTUnwrap(registry.deferredKeys.first { $0.provider == "openai" })
        XCTAssertEqual(registry.endpoint("openai")?.apiKey, openai.placeholder, "key_cmd wins over api_key")
        XCTAssertEqual(registry.deferredKeys.map(\.provider), ["openai"], "groq's command never needs to run")
    }

    func testAnEmptyKeyCmdIsRefusedAtItsLine() {
        XCTAssertThrowsError(try ConfigLoader.parse("[providers.openai]\nkey_cmd = \" \"\n", file: "c.toml")) { error in
            XCTAssertTrue("\(error)".hasPrefix("c.toml:2: providers.openai.key_cmd: must be a shell command"), "\(error)")
        }
        XCTAssertThrowsError(try ConfigLoader.parse("[providers.openai]\nkey_cdm = \"x\"\n", file: "c.toml")) { error in
            XCTAssertEqual("\(error)", "c.toml:2: unknown key 'providers.openai.key_cdm' (did you mean 'key_cmd'?)")
        }
    }

    func testTheCommandRunsOnceWhenTheFirstRequestLeavesAndItsKeyGoesInTheHeader() async throws {
        let counter = FileManager.default.temporaryDirectory.appendingPathComponent("keycmd-count-\(UUID().uuidString)")
        let config = try ConfigLoader.parse("""
            [providers.openai]
            key_cmd = "echo run >> '\(counter.path)'; echo sk-command-key-0000000042"
            """, file: "c.toml")
        let registry = try ProviderRegistry.resolve(configuration: config, environment: [:], redactor: Redactor())
        let recorder = RecordingTransport()
        let transport = KeyCommandTransport(next: recorder, deferredKeys: registry.deferredKeys)
        XCTAssertFalse(FileManager.default.fileExists(atPath: counter.path), "nothing runs before a request is sent")

        let engine = RoutingEngine(planner: RoutePlanner(catalog: BundledCatalog.catalog, registry: registry),
                                   transport: transport)
        for _ in 0..<2 {
            async let first = Self.run(engine)
            async let second = Self.run(engine)
            _ = await (first, second)
        }
        let authorizations = recorder.requests.map { $0.headers["Authorization"] }
        XCTAssertEqual(authorizations.count, 4)
        XCTAssertTrue(authorizations.allSatisfy { $0 == "Bearer sk-command-key-0000000042" }, "\(authorizations)")
        let runs = try String(contentsOf: counter, encoding: .utf8)
        XCTAssertEqual(runs, "run\n", "once per process, however many requests")
    }

    func testAFailingCommandFailsTheAttemptAsTheProvidersAuthError() async throws {
        let config = try ConfigLoader.parse("""
            [providers.openai]
            key_cmd = "echo 'pass: openai is not in the password store.' >&2; exit 1"
            """, file: "c.toml")
        let registry = try ProviderRegistry.resolve(configuration: config, environment: [:], redactor: Redactor())
        let recorder = RecordingTransport()
        let engine = RoutingEngine(planner: RoutePlanner(catalog: BundledCatalog.catalog, registry: registry),
                                   transport: KeyCommandTransport(next: recorder, deferredKeys: registry.deferredKeys))
        let failure = await Self.run(engine)
        XCTAssertTrue(recorder.requests.isEmpty, "no request leaves without its key")
        XCTAssertTrue(failure.contains("openai: auth: the key_cmd of [providers.openai] exited with status 1; "
                                       + "it printed on stderr: pass: openai is not in the password store."), failure)
    }

    func testOtherProvidersRequestsPassUntouchedAndNeverWait() async throws {
        let recorder = RecordingTransport()
        let transport = KeyCommandTransport(next: recorder, deferredKeys: [DeferredKey(provider: "openai", command: "sleep 30")])
        let request = HTTPRequest(url: URL(fileURLWithPath: "/x"), headers: HTTPHeaders([("x-api-key", "sk-ant-other")]))
        let started = ContinuousClock.now
        _ = try await transport.send(request, connectTimeout: .seconds(1))
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(1))
        XCTAssertEqual(recorder.requests.first?.headers["x-api-key"], "sk-ant-other")
    }

    func testAStoppedRequestStopsWaitingForTheCommand() async throws {
        let entry = DeferredKey(provider: "openai", command: "sleep 5; echo k")
        let transport = KeyCommandTransport(next: RecordingTransport(), deferredKeys: [entry])
        let request = HTTPRequest(url: URL(fileURLWithPath: "/x"), headers: HTTPHeaders([("Authorization", "Bearer " + entry.placeholder)]))
        let signal = AbortSignal()
        let started = ContinuousClock.now
        Task { try await Task.sleep(for: .milliseconds(200)); signal.abort(.cancelled) }
        do {
            _ = try await transport.send(request, connectTimeout: .seconds(1), abort: signal)
            XCTFail("an aborted request does not go on")
        } catch {
            XCTAssertEqual(error as? TransportError, .aborted)
        }
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(2))
    }

    /// One turn on openai/gpt-4o-mini; the failure text when it fails.
    private static func run(_ engine: RoutingEngine) async -> String {
        var failure = ""
        do {
            for try await event in engine.run(TurnRequest(messages: [.user("hi")], model: ModelRef(id: "openai/gpt-4o-mini"))) {
                if case .failed(let error) = event { failure = "\(error)" }
            }
        } catch {
            failure = "\(error)"
        }
        return failure
    }
}

/// Records each request and answers 400, so the engine stops there.
final class RecordingTransport: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [HTTPRequest] = []
    var requests: [HTTPRequest] { lock.withLock { recorded } }

    func send(_ request: HTTPRequest, connectTimeout: Duration, abort: AbortSignal) async throws -> HTTPResponse {
        lock.withLock { recorded.append(request) }
        let body = Array(#"{"error":{"message":"recorded","type":"invalid_request_error"}}"#.utf8)
        return HTTPResponse(status: 400, headers: HTTPHeaders([("content-type", "application/json")]),
                            body: AsyncThrowingStream { $0.yield(body); $0.finish() })
    }
}
