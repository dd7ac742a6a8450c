import Foundation
import SwitchboardCore
import SwitchboardHTTP
import SwitchboardStore
import SwitchboardTestSupport
import SwitchboardTUI

/// The workbench against its performance targets, drawn into the in-memory buffer driver (no terminal):
/// first frame with 1,000 stored sessions, an 8,000-token Markdown reply streamed by a loopback server as fast
/// as it can send it, per-token work at the start and the end of that reply, and resident memory with a
/// 10,000-message session open. Stored data lives in a real SQLite file in a temporary directory.
enum TUIBenchmark {
    static func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-tui-bench-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        print("Workbench (TUI): the real app loop drawing into the buffer driver, 120x40")
        try await firstFrame(directory: directory)
        try await streamedReply()
        perTokenWork()
        try await memory(directory: directory)
    }

    // MARK: - First frame

    static func firstFrame(directory: URL) async throws {
        let store = try SQLiteStore(url: directory.appendingPathComponent("sessions.sqlite"))
        let seeded = try TUIBenchSeed.sessions(1_000, into: store)
        var firstFrames: [Double] = [], historyTimes: [Double] = []
        for _ in 0..<7 {
            let clock = ContinuousClock()
            let start = clock.now
            let workbenchStore = store as any SessionStore
            let resume = try await workbenchStore.loadSession("last")
            let app = TUIBenchApp(store: workbenchStore, catalog: BundledCatalog.catalog.merging(DemoProvider.models))
            try app.start(model: "demo/mini", resume: resume)
            await app.waitForFrame { _ in true }
            firstFrames.append((clock.now - start).seconds)
            let opened = clock.now
            app.driver.type(.function(2))
            await app.waitForFrame { $0.contains(resume.title.prefix(20)) && $0.contains("msg") && $0.contains("╭─ History") }
            historyTimes.append((clock.now - opened).seconds)
            await app.quit()
        }
        print(String(format: "  first frame, %d stored sessions (%d messages), resuming the latest: median %.1f ms, best %.1f ms   (target < 100 ms)",
                     1_000, seeded, median(firstFrames) * 1000, (firstFrames.min() ?? 0) * 1000))
        print(String(format: "  history browser open with the 500 most recent sessions: median %.1f ms", median(historyTimes) * 1000))
    }

    // MARK: - Streaming

    /// A loopback OpenAI-style server sends 8,000 tokens, one SSE event each, as fast as it can; how long until
    /// the whole reply is on screen, next to how long the raw stream and the engine alone take.
    static func streamedReply() async throws {
        let reply = TUIBenchText.markdownReply(tokens: 8_000)
        let answer = FixtureAnswer(chunks: reply.tokens)
        let fixture = try await ProviderFixture.start(.init(answer: answer))
        let transport = AsyncHTTPTransport()
        let endpoint = ProviderEndpoint(name: "openai", wire: .openAIChat, baseURL: fixture.openAIBaseURL, apiKey: "sk-bench-000000000001")
        let catalog = ModelCatalog(models: [CatalogModel(id: "openai/gpt-4o-mini", name: "bench", deployments: [
            Deployment(provider: "openai", providerModel: "gpt-4o-mini",
                       price: Price(input: Decimal(string: "0.00000015"), output: Decimal(string: "0.0000006")),
                       contextWindow: 128_000),
        ])])
        let registry = ProviderRegistry(endpoints: [endpoint])
        var engineAlone: [Double] = []
        for _ in 0..<3 {
            let engine = RoutingEngine(planner: RoutePlanner(catalog: catalog, registry: registry), transport: transport)
            let clock = ContinuousClock()
            let start = clock.now
            var deltas = 0
            for try await event in engine.run(TurnRequest(messages: [.user("Write the long report")], model: ModelRef(id: "openai/gpt-4o-mini"))) {
                if case .delta = event { deltas += 1 }
            }
            engineAlone.append((clock.now - start).seconds)
            _ = deltas
        }
        var bare: [Double] = []
        let request = try OpenAIChatAdapter().makeRequest(ChatRequest(messages: [.user("Write the long report")]),
                                                          model: "gpt-4o-mini", endpoint: endpoint)
        for _ in 0..<3 {
            let clock = ContinuousClock()
            let start = clock.now
            let response = try await transport.send(request, connectTimeout: .seconds(5))
            var bytes = 0
            for try await chunk in response.body { bytes += chunk.count }
            bare.append((clock.now - start).seconds)
        }
        print(String(format: "  the loopback server's stream read raw (no parsing): median %.0f ms; through the engine alone: median %.0f ms",
                     median(bare) * 1000, median(engineAlone) * 1000))
        var totals: [Double] = []
        var frames = 0
        for _ in 0..<5 {
            let engine = RoutingEngine(planner: RoutePlanner(catalog: catalog, registry: registry), transport: transport)
            let app = TUIBenchApp(store: nil, catalog: catalog, registry: registry, engine: engine)
            try app.start(model: "openai/gpt-4o-mini", resume: nil)
            await app.waitForFrame { $0.contains("Type a message") }
            app.driver.send(.keys("Write the long report".map { Key.char($0) } + [.enter]))
            let clock = ContinuousClock()
            let start = clock.now
            let drawsBefore = app.driver.drawCount
            await app.waitForFrame(timeout: .seconds(30)) { $0.contains(TUIBenchText.endMarker) && $0.contains("TTFT") }
            totals.append((clock.now - start).seconds)
            frames = app.driver.drawCount - drawsBefore
            await app.quit()
        }
        try await transport.shutdown()
        try await fixture.shutdown()
        print(String(format: "  %d-token Markdown reply (%d SSE events) from a loopback server: fully on screen after median %.0f ms (best %.0f ms, %d frames)   (target < 500 ms)",
                     reply.tokens.count, reply.tokens.count, median(totals) * 1000, (totals.min() ?? 0) * 1000, frames))
    }

    /// `update` plus a full frame for every token of the same reply, no frame cap: the cost per token at the start
    /// and at the end of the reply should be the same.
    static func perTokenWork() {
        let reply = TUIBenchText.markdownReply(tokens: 8_000)
        let entries = PickerEntry.build(catalog: ModelCatalog(models: DemoProvider.models),
                                        registry: ProviderRegistry(endpoints: []), aliases: [:])
        var state = AppState(size: Size(width: 120, height: 40), model: "demo/mini", picker: PickerState(entries: entries),
                             demoMode: true, theme: .builtinDefault)
        _ = update(&state, .typeText("Write the long report"))
        _ = update(&state, .command(.send))
        guard let turn = state.turn?.id else { return }
        let clock = ContinuousClock()
        let base = clock.now
        _ = update(&state, .engine(turn: turn, event: .routed(RouteInfo(model: "demo/mini", provider: "demo", providerModel: "demo-mini", reason: "bench"), attempt: 1), at: base))
        let driver = BufferDriver(size: state.size)
        var costs: [Double] = [], updates: [Double] = []
        costs.reserveCapacity(reply.tokens.count)
        for (index, token) in reply.tokens.enumerated() {
            let start = clock.now
            _ = update(&state, .engine(turn: turn, event: .delta(token), at: base + .microseconds(index * 12)))
            let updated = clock.now
            driver.draw(WorkbenchView.render(&state))
            costs.append((clock.now - start).seconds)
            updates.append((updated - start).seconds)
        }
        print(String(format: "  update alone per token: first 500 %.1f µs, last 500 %.1f µs",
                     updates.prefix(500).reduce(0, +) / 500 * 1e6, updates.suffix(500).reduce(0, +) / 500 * 1e6))
        let window = 500
        let early = costs.prefix(window).reduce(0, +) / Double(window)
        let late = costs.suffix(window).reduce(0, +) / Double(window)
        print(String(format: "  per token (update + a whole 120x40 frame): first %d tokens %.1f µs, last %d tokens %.1f µs, ratio %.2f   (constant: about 1)",
                     window, early * 1e6, window, late * 1e6, late / early))
        print(String(format: "  all %d tokens, one frame each: %.0f ms", reply.tokens.count, costs.reduce(0, +) * 1000))
    }

    // MARK: - Memory

    static func memory(directory: URL) async throws {
        let store = try SQLiteStore(url: directory.appendingPathComponent("long.sqlite"))
        let sessionID = try TUIBenchSeed.longSession(messages: 10_000, into: store)
        let before = TUIBenchMemory.current()
        let workbenchStore = store as any SessionStore
        let resume = try await workbenchStore.loadSession(sessionID)
        let app = TUIBenchApp(store: workbenchStore, catalog: BundledCatalog.catalog.merging(DemoProvider.models))
        try app.start(model: "demo/mini", resume: resume)
        await app.waitForFrame { _ in true }
        // Read through it: the top, a hundred pages down, the end.
        app.driver.type(.home)
        await app.waitForFrame { $0.contains("more below") }
        for _ in 0..<100 { app.driver.type(.pageDown) }
        app.driver.type(.end)
        await app.waitForFrame { !$0.contains("more below") }
        try await Task.sleep(for: .milliseconds(100))
        let open = TUIBenchMemory.current()
        await app.quit()
        print(String(format: "  resident memory with a %d-message session open and scrolled through: %.1f MB (%.1f MB before opening it)   (target < 100 MB)",
                     resume.messages.count, Double(open) / 1_048_576, Double(before) / 1_048_576))
    }

    static func median(_ values: [Double]) -> Double {
        Samples(values).at(50)
    }
}

/// The workbench loop on a buffer driver, for one measurement.
final class TUIBenchApp: @unchecked Sendable {
    let driver = BufferDriver(size: Size(width: 120, height: 40))
    let store: (any SessionStore)?
    let catalog: ModelCatalog
    let registry: ProviderRegistry
    let engine: RoutingEngine
    private var task: Task<Void, Never>?

    init(store: (any SessionStore)?, catalog: ModelCatalog, registry: ProviderRegistry? = nil, engine: RoutingEngine? = nil) {
        self.store = store
        self.catalog = catalog
        let registry = registry ?? ProviderRegistry(endpoints: [
            ProviderEndpoint(name: "demo", wire: .demo, baseURL: URL(string: "demo://local") ?? URL(fileURLWithPath: "/")),
        ])
        self.registry = registry
        self.engine = engine ?? RoutingEngine(planner: RoutePlanner(catalog: catalog, registry: registry),
                                              transport: DemoTransport(next: nil, paceScale: 0))
    }

    func start(model: String, resume: LoadedSession?) throws {
        let options = WorkbenchOptions(model: model,
                                       pickerEntries: PickerEntry.build(catalog: catalog, registry: registry, aliases: [:]),
                                       theme: .builtinDefault, demoMode: false, resume: resume)
        let dependencies = WorkbenchDependencies(engine: engine, store: store, exportDirectory: FileManager.default.temporaryDirectory)
        let driver = self.driver
        task = Task {
            do {
                try await Workbench.run(driver: driver, dependencies: dependencies, options: options)
            } catch {
                print("  (the workbench stopped with an error: \(error))")
            }
        }
    }

    /// Polls the buffer driver until a drawn frame satisfies `condition`.
    func waitForFrame(timeout: Duration = .seconds(10), _ condition: (String) -> Bool) async {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if driver.drawCount > 0, condition(driver.lastFrame.text) { return }
            try? await Task.sleep(for: .microseconds(200))
        }
        print("  (timed out waiting for a frame)")
    }

    func quit() async {
        driver.type(.ctrl("c"))
        await task?.value
    }
}

/// `VmRSS` of this process.
enum TUIBenchMemory {
    static func current() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return 0 }
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }
}

/// Realistic stored data: sessions of varied length with Markdown replies, costs and attempts.
enum TUIBenchSeed {
    /// Returns the number of messages written.
    static func sessions(_ count: Int, into store: SQLiteStore) throws -> Int {
        var messages = 0
        for index in 0..<count {
            let session = try store.createSession(firstPrompt: TUIBenchText.prompt(index), model: index % 3 == 0 ? "demo/pro" : "demo/mini")
            let turns = 2 + index % 9
            for turn in 0..<turns {
                try writeTurn(store, session: session.id, index: index * 31 + turn, model: turn % 4 == 3 ? "demo/pro" : "demo/mini")
                messages += 2
            }
        }
        return messages
    }

    static func longSession(messages: Int, into store: SQLiteStore) throws -> String {
        let session = try store.createSession(firstPrompt: "A very long working session", model: "demo/mini")
        for turn in 0..<(messages / 2) {
            try writeTurn(store, session: session.id, index: turn, model: turn % 5 == 4 ? "demo/pro" : "demo/mini")
        }
        return session.id.uuidString.lowercased()
    }

    static func writeTurn(_ store: SQLiteStore, session: UUID, index: Int, model: String) throws {
        let turn = UUID()
        try store.appendUserMessage(session: session, turn: turn, text: TUIBenchText.prompt(index))
        let reply = try store.beginAssistantMessage(session: session, turn: turn, parent: nil, requestedModel: model)
        let text = TUIBenchText.markdownReply(tokens: 60 + index % 240, seed: index).tokens.joined()
        let usage = Usage(input: 40 + index % 400, output: 60 + index % 240)
        let cost = Money(Decimal(usage.input) * Decimal(15) / 100_000_000 + Decimal(usage.output) * Decimal(6) / 10_000_000)
        try store.recordAttempt(AttemptRecord(turnID: turn, ordinal: 1, model: model, provider: "demo", providerModel: model,
                                              reason: "bench", outcome: .success, startedAt: Date(), ttft: .milliseconds(150 + index % 300),
                                              duration: .milliseconds(900 + index % 2000), usage: usage, cost: cost))
        try store.finishAssistantMessage(reply, AssistantCompletion(text: text, status: .complete, resolvedModel: model, provider: "demo",
                                                                    usage: usage, cost: cost, ttft: .milliseconds(150 + index % 300),
                                                                    duration: .milliseconds(900 + index % 2000)))
    }
}

/// Prompts and Markdown replies shaped like real chat: headings, paragraphs, lists, quotes, fenced code.
enum TUIBenchText {
    static let endMarker = "END-OF-REPLY"
    static let topics = ["Kubernetes autoscaling", "a Swift actor deadlock", "PostgreSQL index bloat", "CSS grid layouts",
                         "rate limiting an API", "Rust lifetimes", "a flaky CI job", "Unicode normalisation", "京都の旅行計画",
                         "caching LLM responses", "TCP slow start", "an ncurses redraw bug"]
    static let words = ["the", "request", "budget", "latency", "cache", "model", "provider", "stream", "token", "router",
                        "answer", "measure", "simple", "first", "because", "costs", "window", "context", "retry", "fallback"]

    static func prompt(_ index: Int) -> String {
        "Question \(index): how should I approach \(topics[index % topics.count]) when it keeps failing in production?"
    }

    /// About `tokens` word-sized pieces (each with its trailing space or newline), ending with the end marker.
    static func markdownReply(tokens: Int, seed: Int = 7) -> (tokens: [String], text: String) {
        var pieces: [String] = []
        var state = UInt64(truncatingIfNeeded: seed &* 2_654_435_761 &+ 1)
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        func sentence(_ length: Int) {
            for word in 0..<length {
                var text = words[next(words.count)]
                if word == 0 { text = text.prefix(1).uppercased() + text.dropFirst() }
                if next(11) == 0 { text = "**" + text + "**" } else if next(13) == 0 { text = "`" + text + "`" }
                pieces.append(text + (word == length - 1 ? ". " : " "))
            }
        }
        var section = 0
        while pieces.count < tokens - 2 {
            switch section % 5 {
            case 0:
                pieces.append("## ")
                pieces.append("Part \(section / 5 + 1)\n\n")
                for _ in 0..<3 { sentence(8 + next(10)) }
                pieces.append("\n\n")
            case 1:
                for _ in 0..<4 { pieces.append("- "); sentence(6 + next(8)); pieces.append("\n") }
                pieces.append("\n")
            case 2:
                pieces.append("```swift\n")
                for line in 0..<6 { pieces.append("let value\(line) = "); pieces.append("compute(\(next(100)))\n") }
                pieces.append("```\n\n")
            case 3:
                pieces.append("> "); sentence(14); pieces.append("\n\n")
            default:
                for _ in 0..<5 { sentence(10 + next(12)) }
                pieces.append("\n\n")
            }
            section += 1
        }
        pieces = Array(pieces.prefix(tokens - 1))
        pieces.append("\n\n" + endMarker)
        return (pieces, pieces.joined())
    }
}
