import ArgumentParser
import Foundation
import SwitchboardCore
import SwitchboardStore

/// `switchboard compare`: one prompt on several models at once, each answer with its cost and latency,
/// optionally scored by a judge model. The answers are stored as sibling replies to the one prompt.
struct CompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Run one prompt on several models side by side and compare cost, latency and answers.",
        discussion: """
            Exit codes: 0 every answer is complete; 2 usage or configuration error (an unknown model or judge is \
            reported before anything runs); 3 every model failed; 4 at least one answer is incomplete or failed; \
            5 standard output could not be written.
            """
    )

    @Option(help: "Comma-separated models to run concurrently.")
    var models: String

    @Option(help: "A model that scores each answer from 1 to 10.")
    var judge: String?

    @Option(name: .customLong("max-tokens"), help: "Reply limit for each model.")
    var maxTokens: Int?

    @Flag(name: .customLong("no-store"), help: "Do not record the comparison in the history database.")
    var noStore = false

    @Option(help: "The history database.")
    var db: String?

    @Flag(help: "Print a JSON array, one object per model (as `ask --json`, plus `score`).")
    var json = false

    @Flag(help: "Print the answers byte for byte, escape sequences included (by default controls are shown as symbols).")
    var raw = false

    @Argument(help: "The prompt.")
    var prompt: [String] = []

    func validate() throws {
        try OptionChecks.maxTokens(maxTokens)
    }

    func run() async throws {
        let text = try OptionChecks.prompt(prompt, toWhat: "compare")
        let refs: [ModelRef]
        do { refs = try models.split(separator: ",").map { try ModelRef(parsing: String($0)) } } catch { throw CLIError.usage("\(error)") }
        guard refs.count >= 2 else { throw CLIError.usage("--models needs at least two models, e.g. demo/mini,demo/pro") }
        let judgeRef: ModelRef?
        do { judgeRef = try judge.map { try ModelRef(parsing: $0) } } catch { throw CLIError.usage("--judge: \(error)") }
        let context: AppContext
        do { context = try AppContext.load() } catch { throw CLIError.usage("\(error)") }
        let store = noStore ? nil : try await StoreOptions.openForWriting(explicit: db, environment: context.environment)
        if let store { try await StoreRecovery.run(store) }
        let engine: RoutingEngine
        do { engine = try await context.makeEngine(store: store) } catch { throw CLIError.usage("\(error)") }
        let turns = refs.map { TurnRequest(messages: [.user(text)], model: $0, maxTokens: maxTokens, applyRules: false) }
        for turn in turns {
            do { _ = try await engine.decide(turn) } catch { throw CLIError.usage("\(turn.model): \(error)") }
        }
        // The judge is routed now too, so an unknown judge stops the comparison before any model is paid for.
        if let judgeRef {
            let probe = CompareJudge.turn(model: judgeRef, prompt: text, answers: turns.map { _ in nil })
            do { _ = try await engine.decide(probe) } catch { throw CLIError.usage("--judge \(judgeRef): \(error)") }
        }
        let recorders = try await CompareRecorder.start(store: store, prompt: text, turns: turns)
        Console.note("running \(refs.count) models at once: " + refs.map(\.description).joined(separator: ", "))
        let results = await withTaskGroup(of: (Int, EngineEvent?).self) { group in
            for (index, turn) in turns.enumerated() {
                group.addTask {
                    var last: EngineEvent?
                    do {
                        try await TurnRecorder.run(turn, on: engine, recorder: recorders[index]) { event in
                            switch event {
                            case .finished, .failed: last = event
                            // What the engine says about this answer (a budget warning, a ledger write that
                            // failed) is said once, on stderr, as `ask` says it.
                            case .notice(let text): Console.note("\(turn.model): \(text)")
                            default: break
                            }
                        }
                    } catch { last = nil }
                    return (index, last)
                }
            }
            var collected = [EngineEvent?](repeating: nil, count: turns.count)
            for await (index, event) in group { collected[index] = event }
            return collected
        }
        var scores: [Int?] = Array(repeating: nil, count: turns.count)
        if let judgeRef {
            scores = await CompareJudge(engine: engine, model: judgeRef).score(prompt: text, results: results)
        }
        CompareOutput.print(results, refs: refs, scores: scores, json: json, raw: raw)
        await context.shutdown()
        // An answer that could not be saved: one line for the comparison, and ask's exit code for it.
        var unsaved: TurnRecorder?
        for recorder in recorders.compactMap({ $0 }) where unsaved == nil {
            if await recorder.isUnsaved { unsaved = recorder }
        }
        throw ExitCode(await AskCommand.exitCode(Self.exitCode(for: results), recorder: unsaved))
    }

    /// As for `ask`: 0 only when every answer is complete, 3 when no model answered at all, else 4.
    static func exitCode(for results: [EngineEvent?]) -> Int32 {
        let complete = results.filter { if case .finished(let summary)? = $0 { summary.complete } else { false } }.count
        let answered = results.filter { if case .finished? = $0 { true } else { false } }.count
        if complete == results.count { return 0 }
        return answered == 0 ? 3 : 4
    }
}

/// Stores the prompt once (under the first model's turn) and each model's answer as a sibling reply to it.
enum CompareRecorder {
    static func start(store: (any SessionStore)?, prompt: String, turns: [TurnRequest]) async throws -> [TurnRecorder?] {
        guard let store, let first = turns.first else { return turns.map { _ in nil } }
        do {
            let session = try await store.createSession(NewSession(firstPrompt: prompt, model: first.model.description))
            var recorders: [TurnRecorder?] = []
            for turn in turns {
                let recorder = TurnRecorder(store: store, session: session, turn: turn.id,
                                            requestedModel: turn.model.description)
                try await recorder.begin(prompt: turn.id == first.id ? prompt : nil, promptTurn: first.id)
                recorders.append(recorder)
            }
            return recorders
        } catch { throw StoreOptions.failure(error) }
    }
}
