import Foundation
import SwitchboardCore
import SwitchboardHTTP
import SwitchboardTestSupport

/// What routing through the engine costs on top of the network: the same streamed request to a loopback
/// fixture, read once with the bare transport and once through `RoutingEngine` (planning, adapter, SSE and
/// JSON decoding, deadlines, metering, ledger). Requests alternate so both paths see the same machine state.
enum EngineOverheadBenchmark {
    static let requests = 2_000
    static let warmup = 100

    static func run() async throws {
        let fixture = try await ProviderFixture.start(.init(answer: FixtureAnswer(text: FixtureAnswer.standardText, chunkCount: 24)))
        let transport = AsyncHTTPTransport()
        let endpoint = ProviderEndpoint(name: "openai", wire: .openAIChat, baseURL: fixture.openAIBaseURL, apiKey: "sk-bench-000000000001")
        let price = Price(input: Decimal(string: "0.00000015"), output: Decimal(string: "0.0000006"))
        let catalog = ModelCatalog(models: [CatalogModel(id: "openai/gpt-4o-mini", name: "bench", deployments: [
            Deployment(provider: "openai", providerModel: "gpt-4o-mini", price: price),
        ])])
        let engine = RoutingEngine(planner: RoutePlanner(catalog: catalog, registry: ProviderRegistry(endpoints: [endpoint])),
                                   transport: transport, ledger: MemoryLedger())
        let messages: [ChatMessage] = [.system("Be brief."), .user("Say something about routers.")]
        let request = try OpenAIChatAdapter().makeRequest(ChatRequest(messages: messages, maxTokens: 256),
                                                          model: "gpt-4o-mini", endpoint: endpoint)
        let firstText = Array(FixtureAnswer(text: FixtureAnswer.standardText, chunkCount: 24).chunks[0].utf8)

        var bare = Timings(), routed = Timings()
        for index in 0..<(warmup + requests) {
            let bareSample = try await bareRead(transport, request, firstText: firstText)
            let routedSample = try await engineRead(engine, messages: messages)
            if index >= warmup {
                bare.add(bareSample)
                routed.add(routedSample)
            }
        }
        try await transport.shutdown()
        try await fixture.shutdown()

        print("Engine overhead: \(requests) streamed requests (24 text chunks each) to a loopback fixture, after \(warmup) warm-up")
        print(Timings.header)
        print(bare.row("bare HTTP client"))
        print(routed.row("through the engine"))
        for (name, percent) in [("p50", 50), ("p99", 99)] {
            let ttft = routed.ttft.at(percent) - bare.ttft.at(percent)
            let total = routed.total.at(percent) - bare.total.at(percent)
            print(String(format: "  added at %@: time to first token %+.3f ms, to finish %+.3f ms", name, ttft * 1000, total * 1000))
        }
        print("  goal at p99: < 0.1 ms added to the first token, < 0.25 ms to finish")
    }

    struct Sample { var ttft: Double; var total: Double }

    /// The bare read: send, then read bytes until the first answer text shows up and until the body ends.
    static func bareRead(_ transport: AsyncHTTPTransport, _ request: HTTPRequest, firstText: [UInt8]) async throws -> Sample {
        let clock = ContinuousClock()
        let start = clock.now
        let response = try await transport.send(request, connectTimeout: .seconds(5))
        var seen: [UInt8] = []
        var ttft: Duration?
        for try await chunk in response.body {
            if ttft == nil {
                seen += chunk
                if seen.firstRange(of: firstText) != nil { ttft = clock.now - start }
            }
        }
        let total = clock.now - start
        return Sample(ttft: (ttft ?? total).seconds, total: total.seconds)
    }

    static func engineRead(_ engine: RoutingEngine, messages: [ChatMessage]) async throws -> Sample {
        // The turn is the front end's to build, as the bare read's request is built before its clock starts.
        let turn = TurnRequest(messages: messages, model: ModelRef(id: "openai/gpt-4o-mini"), maxTokens: 256)
        let clock = ContinuousClock()
        let start = clock.now
        var ttft: Duration?
        var complete = false
        try await engine.stream(turn) { event in
            switch event {
            case .delta: if ttft == nil { ttft = clock.now - start }
            case .finished(let summary): complete = summary.complete
            default: break
            }
        }
        guard complete else { throw BenchmarkError.failed("engine turn did not complete") }
        let total = clock.now - start
        return Sample(ttft: (ttft ?? total).seconds, total: total.seconds)
    }
}

/// Samples of time to first token and to finish, in seconds.
struct Timings {
    var ttft = Samples<Double>(), total = Samples<Double>()

    mutating func add(_ sample: EngineOverheadBenchmark.Sample) {
        ttft.append(sample.ttft)
        total.append(sample.total)
    }

    static let header = "  path                    TTFT p50   TTFT p99  total p50  total p99"

    func row(_ name: String) -> String {
        name.padding(toLength: 22, withPad: " ", startingAt: 0) + String(format: "%7.3f ms %7.3f ms %7.3f ms %7.3f ms",
               ttft.at(50) * 1000, ttft.at(99) * 1000, total.at(50) * 1000, total.at(99) * 1000)
    }
}

extension Samples where Value == Double {
    /// Core's nearest-rank percentile, NaN for no samples (printed as "nan" rather than a made-up zero).
    func at(_ percent: Int) -> Double { percentile(percent) ?? .nan }
}

enum BenchmarkError: Error, CustomStringConvertible {
    case failed(String)
    var description: String {
        switch self {
        case .failed(let message): message
        }
    }
}
