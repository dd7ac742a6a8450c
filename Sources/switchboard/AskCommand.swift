import ArgumentParser
import Foundation
import SwitchboardCore
import SwitchboardStore

/// `switchboard ask`: one turn, streamed to stdout, with a summary line on stderr.
struct AskCommand: AsyncParsableCommand, RoutingOptionsHelp, RequestOptionsHelp {
    static let configuration = CommandConfiguration(
        commandName: "ask",
        abstract: "Ask a model once and stream the answer.",
        discussion: """
            Exit codes: 0 answered (a reply that only calls --tools is an answer); 2 usage or configuration error; \
            3 every attempt failed; 4 the answer is incomplete (stream broke, stalled or was cancelled), or is not \
            JSON matching --schema, or --mcp's tool loop stopped at [tools] max_steps or max_turn_usd with calls \
            unanswered; 5 standard output could not be \
            written (closed, full or a broken pipe): the turn is stopped and recorded with what arrived; \
            6 the answer was printed but could not be saved to the history database (e.g. a full disk); \
            7 the history database turned out to be damaged: nothing more was written to it.
            """
    )

    @OptionGroup var routing: RoutingOptions<AskCommand>

    @Option(help: "Comma-separated models to try in order if the first fails.")
    var fallback: String?

    @Option(help: "A system prompt.")
    var system: String?

    @Option(help: ArgumentHelp("""
        Use a role: its system prompt, model, temperature and reasoning (--system, --model, --temperature and \
        --reasoning given here win). `switchboard roles` lists them.
        """, valueName: "name"))
    var role: String?

    @Option(help: "Sampling temperature.")
    var temperature: Double?

    @OptionGroup var request: RequestOptions<AskCommand>

    @Option(help: AskMCP.mcpHelp)
    var mcp: String?

    @Option(name: .customLong("allow-tools"), help: AskMCP.allowHelp)
    var allowTools: String?

    @Flag(help: "Print one JSON object instead of streaming text.")
    var json = false

    @Flag(help: "Print the model's text byte for byte, escape sequences included (by default controls are shown as symbols).")
    var raw = false

    @Flag(name: .customLong("no-store"), help: "Do not record this turn in the history database.")
    var noStore = false

    @Option(help: "Continue a stored conversation: its id, a unique prefix of it, or `last`.")
    var session: String?

    @Option(help: "The history database (default: $SWITCHBOARD_DB, else $XDG_DATA_HOME/switchboard/switchboard.sqlite).")
    var db: String?

    @Argument(help: "The prompt. Use - (or pipe text in) to read it from standard input.")
    var prompt: [String] = []

    static let modelHelp: ArgumentHelp = "Model as vendor/model[:floor|:nitro][@provider], or an alias."
    static let taskHelp: ArgumentHelp = "Tag the turn with a task (e.g. code) for the task rules in config."
    static let maxTokensHelp: ArgumentHelp = "Upper limit on answer tokens."
    static let schemaHelp = ArgumentHelp("""
        Ask for JSON matching this JSON Schema (a file, or the schema itself starting with {). The reply is checked \
        when it ends; one that does not match exits 4.
        """, valueName: "file|json")
    static let toolsHelp = ArgumentHelp("""
        Offer the model tools: a JSON array of function definitions ({"type": "function", "function": {name, \
        description, parameters}} or just {name, description, parameters}). ask prints the calls; it never runs them.
        """, valueName: "file")

    func validate() throws {
        try OptionChecks.temperature(temperature)
        try AskMCP.check(mcp: mcp, allowTools: allowTools, tools: request.tools)
    }

    func run() async throws {
        let text = try readPrompt()
        // Files are read before anything is stored or sent: a bad one is a usage error that names it.
        let content = try request.read()
        let context: AppContext
        do { context = try AppContext.load() } catch { throw CLIError.usage("\(error)") }
        defer { Task { await context.shutdown() } }
        let role = try AskRole.load(self.role, environment: context.environment)
        let system = self.system ?? role?.systemPrompt

        let store = try await openStore(context)
        if let store { try await StoreRecovery.run(store) }
        var history: [ChatMessage] = []
        var sessionID: UUID?
        var sessionModel: String?
        if let session {
            guard let store else { throw CLIError.usage("--session needs the history database; drop --no-store") }
            do {
                let loaded = try await store.loadSession(session)
                history = try await store.conversation(in: loaded.session.id)
                sessionID = loaded.session.id
                sessionModel = loaded.model
            } catch { throw StoreOptions.failure(error) }
        }
        if let system {
            history.removeAll { $0.role == .system }
            history.insert(.system(system), at: 0)
        }
        let newSessionID = UUID()
        let defaultModel = role?.model ?? sessionModel ?? context.defaultModel
        let modelText = routing.model ?? defaultModel
        let prompt = content.prompt(text)
        var planned = routing.turn(history + [prompt], model: try routing.requestedModel(orElse: defaultModel),
                                   fallbacks: try parseFallbacks(), temperature: temperature,
                                   sessionID: store == nil ? nil : (sessionID ?? newSessionID))
        content.apply(to: &planned)
        AskRole.apply(role, to: &planned)
        // The servers start before the route is decided: their tools make it a turn that needs tool support.
        let tooling = try await mcp.asyncMap { try await AskMCP.start($0, allowTools: allowTools, configuration: context.configuration) }
        if let tooling { planned.options.tools += tooling.offered.map(\.definition) }
        let turn = planned
        let engine: RoutingEngine
        do { engine = try await context.makeEngine(store: store) } catch { throw CLIError.usage("\(error)") }
        // The route is decided before anything is stored, so an unknown model leaves no orphan message behind.
        do { _ = try await engine.decide(turn) } catch { throw CLIError.usage("\(error)") }

        var recorder: TurnRecorder?
        if let store {
            do {
                let id: UUID
                if let sessionID {
                    id = sessionID
                    if let chosen = AskRole.stored(role, system: system) { try await store.setSessionRole(id, role: chosen) }
                } else {
                    id = try await store.createSession(NewSession(id: newSessionID, firstPrompt: text, model: modelText,
                                                                  systemPrompt: system, task: routing.task, role: role?.name))
                }
                let opened = TurnRecorder(store: store, session: id, turn: turn.id, requestedModel: modelText,
                                          keepsAnsweringModel: true)
                try await opened.begin(message: prompt)
                recorder = opened
            } catch { throw StoreOptions.failure(error) }
        }
        let catalog = context.catalog
        if let tooling {
            let code = try await tooling.run(turn, engine: engine, json: json, raw: raw, pricing: { catalog.price(of: $0) },
                                             recorder: recorder, store: store, requestedModel: modelText,
                                             settings: context.configuration.tools)
            await tooling.servers.shutdown()
            await context.shutdown()
            throw ExitCode(code)
        }
        let printer = AskPrinter(json: json, raw: raw, pricing: { catalog.price(of: $0) })
        let outcome = try await AskRun.stream(turn, on: engine, printer: printer, recorder: recorder, schema: content.schema) {
            engine.cancel(turn: turn.id)
        }
        await context.shutdown()
        throw ExitCode(await Self.exitCode(outcome.exitCode, recorder: recorder))
    }

    /// The exit code of a turn that could not be fully saved to the history database.
    static let unsavedExitCode: Int32 = 6

    /// An answered (or incomplete) turn that is not fully in the history exits `unsavedExitCode`, with one line
    /// saying why; a failed turn or a failed output keeps its own code.
    static func exitCode(_ code: Int32, recorder: TurnRecorder?) async -> Int32 {
        guard let recorder, await recorder.isUnsaved else { return code }
        if let line = await recorder.unsavedReport { Console.error(line) }
        guard code == 0 || code == 4 else { return code }
        // A damaged file exits as `history` does on one.
        return await recorder.foundDamage ? StoreOptions.damagedExitCode : unsavedExitCode
    }

    /// The history database, unless `--no-store`. A database that cannot be opened is an error, never replaced.
    private func openStore(_ context: AppContext) async throws -> (any HistoryDatabase)? {
        guard !noStore else { return nil }
        return try await StoreOptions.openForWriting(explicit: db, environment: context.environment)
    }

    private func readPrompt() throws -> String {
        let joined = prompt.joined(separator: " ")
        let fromStdin = joined == "-" || (prompt.isEmpty && isatty(STDIN_FILENO) == 0)
        let text = fromStdin ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) : joined
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw CLIError.usage("no prompt: pass it as an argument, or pipe it in with `-`")
        }
        return text
    }

    private func parseModel(_ text: String) throws -> ModelRef {
        do { return try ModelRef(parsing: text) } catch { throw CLIError.usage("\(error)") }
    }

    private func parseFallbacks() throws -> [ModelRef] {
        guard let fallback else { return [] }
        return try fallback.split(separator: ",").map { try parseModel(String($0)) }
    }
}

/// A failure the user must fix; printed as `switchboard: ...` with exit code 2.
enum CLIError: Error, CustomStringConvertible {
    case usage(String)
    var description: String {
        switch self {
        case .usage(let message): message
        }
    }
}
