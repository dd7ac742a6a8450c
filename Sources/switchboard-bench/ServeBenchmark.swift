import Foundation
import SwitchboardCore
import SwitchboardHTTP
import SwitchboardTestSupport

/// What `switchboard serve` adds to a streamed request: the same 20-chunk streamed Chat Completions request sent
/// straight to a loopback fixture and through a real `serve` process (its own database, recording every
/// request) in one run. Sequential requests alternate between the two paths so both see the same machine state;
/// the best of three runs is kept. Then 50 concurrent clients for a few seconds on each path (requests/s), and
/// serve's resident memory with 50 streams held open against idle. `SWITCHBOARD_BENCH_GATEWAY` puts another gateway in
/// serve's place: `forwarder` (serve's HTTP stack doing nothing but forwarding, the floor under serve's overhead) or
/// `litellm` (LiteLLM's proxy).
enum ServeBenchmark {
    /// `SWITCHBOARD_BENCH_SERVE_SCALE=0.02` shrinks the counts and times, to check the benchmark itself works.
    static let scale = Double(ProcessInfo.processInfo.environment["SWITCHBOARD_BENCH_SERVE_SCALE"] ?? "") ?? 1
    static let requests = max(10, Int(1_000 * scale))
    static let warmup = max(5, Int(100 * scale))
    static let runs = 3
    static let concurrency = 50
    static let concurrentSeconds = max(0.5, 5.0 * scale)
    /// What every request presents: serve runs with --no-auth and ignores it; LiteLLM's proxy needs a master key.
    static let gatewayKey = "sk-bench-5f0c9a8e2d4b6a1c3e7f9b0d2a4c6e8f"
    static let body = Array(#"{"model":"gpt-4o-mini","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Say something about routers."}]}"#.utf8)

    static func run() async throws {
        let answer = FixtureAnswer(text: FixtureAnswer.standardText, chunkCount: 20)
        let fixture = try await ProviderFixture.start(.init(answer: answer))
        let transport = AsyncHTTPTransport()
        let choice = ProcessInfo.processInfo.environment["SWITCHBOARD_BENCH_GATEWAY"] ?? "serve"
        let proxy: ServeBenchmarkProcess
        let gateway: String, described: String
        switch choice {
        case "serve":
            proxy = try ServeBenchmarkProcess.start(upstream: fixture.openAIBaseURL)
            (gateway, described) = ("serve", "`switchboard serve`\n  (a separate process on loopback, recording every request in its own database),")
        case "forwarder":
            proxy = try ServeBenchmarkProcess.startForwarder(upstream: fixture.openAIBaseURL)
            (gateway, described) = ("forwarder", "`switchboard-forwarder`\n  (a separate process on loopback: serve's HTTP stack forwarding the bytes, nothing else),")
        case "litellm":
            proxy = try await ServeBenchmarkProcess.startLiteLLM(upstream: fixture.openAIBaseURL, transport: transport)
            (gateway, described) = ("LiteLLM's proxy", "LiteLLM's proxy\n  (a separate process on loopback),")
        default:
            throw BenchmarkError.failed("SWITCHBOARD_BENCH_GATEWAY=\(choice): use serve, forwarder or litellm")
        }
        defer { proxy.stop() }
        let direct = request(fixture.openAIBaseURL)
        let served = request(proxy.url.appendingPathComponent("v1"))
        let firstText = Array(answer.chunks[0].utf8)

        print("Serve overhead: one 20-chunk streamed request, direct to a loopback fixture and through \(described) \(requests) of each per run,")
        print("  interleaved, after \(warmup) warm-up; best of \(runs) runs (lowest added p99)")
        var best: (direct: Timings, served: Timings)?
        for run in 1...runs {
            var bare = Timings(), through = Timings()
            for index in 0..<(warmup + requests) {
                let one = try await read(transport, direct, firstText: firstText)
                let two = try await read(transport, served, firstText: firstText)
                if index >= warmup {
                    bare.add(one)
                    through.add(two)
                }
            }
            let added99 = through.total.at(99) - bare.total.at(99)
            print(String(format: "  run %d: added %+.3f ms at p50, %+.3f ms at p99", run,
                         (through.total.at(50) - bare.total.at(50)) * 1000, added99 * 1000))
            if best.map({ added99 < $0.served.total.at(99) - $0.direct.total.at(99) }) ?? true { best = (bare, through) }
        }
        if let best {
            print(Timings.header)
            print(best.direct.row("  direct"))
            print(best.served.row("  through " + gateway))
            for (name, percent) in [("p50", 50), ("p99", 99)] {
                let ttft = best.served.ttft.at(percent) - best.direct.ttft.at(percent)
                let total = best.served.total.at(percent) - best.direct.total.at(percent)
                print(String(format: "  added at %@: time to first token %+.3f ms, to the end %+.3f ms", name, ttft * 1000, total * 1000))
            }
            print("  goal: < 1 ms added at p99")
        }

        let benchmark = ProcessInfo.processInfo.processIdentifier, gatewayProcess = proxy.process.processIdentifier
        let directRun = try await CPUPerRequest.measure(of: [benchmark]) {
            try await throughput(transport, direct, firstText: firstText)
        }
        let servedRun = try await CPUPerRequest.measure(of: [benchmark, gatewayProcess]) {
            try await throughput(transport, served, firstText: firstText)
        }
        let (directRate, servedRate) = (directRun.rate, servedRun.rate)
        print(String(format: "%d concurrent streams, %.0f s each: direct %.0f requests/s, through %@ %.0f requests/s (%.2f of direct; goal >= 0.5)",
                     concurrency, concurrentSeconds, directRate, gateway, servedRate, servedRate / directRate))
        // On a machine the two paths saturate, the ratio is the benchmark's CPU per request over the sum.
        print(String(format: "  CPU per request: direct, the benchmark (client and fixture) %.3f ms; through %@, the benchmark %.3f ms and %@ %.3f ms",
                     directRun.milliseconds[0], gateway, servedRun.milliseconds[0], gateway, servedRun.milliseconds[1]))

        let (idle, held) = try await memory(proxy, fixture: fixture, transport: transport, request: served, firstText: firstText)
        print(String(format: "Memory per in-flight stream: \(gateway) resident %d KiB idle, %d KiB with %d streams open: %.1f KiB a stream (goal < 64 KB)",
                     idle, held, concurrency, Double(held - idle) / Double(concurrency)))
        try await transport.shutdown()
        try await fixture.shutdown()
    }

    static func request(_ base: URL) -> HTTPRequest {
        HTTPRequest(url: base.appendingPathComponent("chat/completions"),
                    headers: HTTPHeaders([("content-type", "application/json"), ("authorization", "Bearer " + gatewayKey)]),
                    body: body)
    }

    /// Sends and reads to the end: time to the first answer text and to the last byte. A stream that does not
    /// end with `[DONE]` fails the benchmark (a broken path must not look fast).
    static func read(_ transport: AsyncHTTPTransport, _ request: HTTPRequest, firstText: [UInt8]) async throws -> EngineOverheadBenchmark.Sample {
        let clock = ContinuousClock()
        let start = clock.now
        let response = try await transport.send(request, connectTimeout: .seconds(5))
        guard response.status == 200 else { throw BenchmarkError.failed("\(request.url) answered \(response.status)") }
        var seen: [UInt8] = []
        var ttft: Duration?
        var tail: [UInt8] = []
        for try await chunk in response.body {
            if ttft == nil {
                seen += chunk
                if seen.firstRange(of: firstText) != nil { ttft = clock.now - start }
            }
            tail = Array((tail + chunk).suffix(32))
        }
        let total = clock.now - start
        guard tail.firstRange(of: Array("[DONE]".utf8)) != nil else {
            throw BenchmarkError.failed("\(request.url): the stream did not end with [DONE]")
        }
        return EngineOverheadBenchmark.Sample(ttft: (ttft ?? total).seconds, total: total.seconds)
    }

    /// Requests per second, and how many, with `concurrency` clients each sending one request after another.
    static func throughput(_ transport: AsyncHTTPTransport, _ request: HTTPRequest,
                           firstText: [UInt8]) async throws -> (rate: Double, requests: Int) {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + .milliseconds(Int64(concurrentSeconds * 1000))
        let done = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var count = 0
                    while clock.now < deadline {
                        _ = try await read(transport, request, firstText: firstText)
                        count += 1
                    }
                    return count
                }
            }
            return try await group.reduce(0, +)
        }
        return (Double(done) / (clock.now - start).seconds, done)
    }

    /// serve's resident memory idle, then with `concurrency` streams held open (the fixture paces each answer
    /// at 200 ms a chunk, so every stream is mid-answer when it is measured).
    static func memory(_ serve: ServeBenchmarkProcess, fixture: ProviderFixture, transport: AsyncHTTPTransport,
                       request: HTTPRequest, firstText: [UInt8]) async throws -> (idle: Int, held: Int) {
        try await Task.sleep(for: .seconds(1))
        let idle = try serve.residentKiB()
        for _ in 0..<concurrency { fixture.faults.enqueue(.pacing(.milliseconds(200))) }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<concurrency {
                group.addTask { _ = try await read(transport, request, firstText: firstText) }
            }
            try await Task.sleep(for: .seconds(2))
            let held = try serve.residentKiB()
            try await group.waitForAll()
            return (idle, held)
        }
    }
}
