import ArgumentParser
import Foundation
import SwitchboardCore
import SwitchboardMCP
import SwitchboardStore

/// `ask --mcp NAME[,NAME…] --allow-tools TOOL,...`: the named `[mcp.NAME]` servers' tools are offered, and the
/// tool loop runs without prompts: the listed tools run, anything else is refused (the model reads why) and
/// reported on stderr. Answer text goes to stdout; each call and each step's summary line to stderr; `--json`
/// prints one object at the end with every step.
struct AskMCP {
    let servers: MCPToolServers
    let offered: [ProvidedTool]
    let allowed: Set<String>

    static let mcpHelp = ArgumentHelp("""
        Offer the tools of these MCP servers ([mcp.NAME] in config.toml) and run the tool loop: calls of tools \
        named in --allow-tools run, anything else is refused and reported on stderr.
        """, valueName: "name[,name…]")
    static let allowHelp = ArgumentHelp("With --mcp: the tools that may run without asking (comma-separated names).",
                                        valueName: "tool[,tool…]")

    /// Usage errors before anything starts: --allow-tools without --mcp, --mcp with --tools.
    static func check(mcp: String?, allowTools: String?, tools: String?) throws {
        if allowTools != nil && mcp == nil { throw ValidationError("--allow-tools needs --mcp (the servers whose tools may run)") }
        if mcp != nil && tools != nil {
            throw ValidationError("--tools and --mcp cannot be used together: --tools offers tools ask cannot run")
        }
    }

    static func names(_ list: String) -> [String] {
        list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Starts the named servers (a name not in the config is a usage error) and lists their tools; a server that
    /// cannot start is reported and left out.
    static func start(_ mcp: String, allowTools: String?, configuration: Configuration) async throws -> AskMCP {
        let wanted = names(mcp)
        guard !wanted.isEmpty else { throw CLIError.usage("--mcp: name at least one [mcp.NAME] server") }
        var settings: [MCPServerSettings] = []
        for name in wanted {
            guard var server = configuration.mcpServers[name] else {
                let known = configuration.mcpServers.keys.sorted()
                throw CLIError.usage("--mcp \(name): no [mcp.\(name)] in the config"
                                     + (known.isEmpty ? " (none is configured)" : "; configured: \(known.joined(separator: ", "))"))
            }
            // Naming a server here asks for it, even one `enabled = false` keeps out of the workbench.
            server.enabled = true
            settings.append(server)
        }
        let servers = MCPToolServers(settings)
        let listing = await servers.tools()
        for problem in listing.problems { Console.error(problem) }
        let allowed = Set(names(allowTools ?? ""))
        let offeredNames = Set(listing.tools.map(\.name))
        for name in allowed.sorted() where !offeredNames.contains(name) {
            Console.note("--allow-tools \(name): none of the servers offers a tool of that name")
        }
        return AskMCP(servers: servers, offered: listing.tools, allowed: allowed)
    }

    /// Runs the loop for `turn` (its first recorder, if any, has begun) and returns the exit code.
    func run(_ turn: TurnRequest, engine: RoutingEngine, json: Bool, raw: Bool, pricing: AskJSON.Pricing?,
             recorder: TurnRecorder?, store: (any HistoryDatabase)?, requestedModel: String,
             settings: ToolSettings) async throws -> Int32 {
        let loop = ToolLoop(engine: engine, provider: servers, offered: offered,
                            policy: AllowListApproval(allowed: allowed, source: "--allow-tools"), settings: settings)
        let recorders = Recorders(recorder)
        let session = recorder?.session
        let printer = AskMCPPrinter(json: json, raw: raw)
        let consumer = Task { () throws -> ToolLoopOutcome in
            do {
                return try await loop.run(turn, recorder: recorder, nextRecorder: { next, results in
                    guard let store, let session else { return nil }
                    let opened: TurnRecorder
                    do {
                        opened = try await ToolLoop.beginStep(next, results: results, store: store, session: session,
                                                              requestedModel: requestedModel)
                    } catch { throw StoreOptions.failure(error) }
                    await recorders.add(opened)
                    return opened
                }) { event in
                    printer.handle(event)
                }
            } catch let error as RoutingError {
                throw CLIError.usage("\(error)")
            }
        }
        // Ctrl-C stops the loop where it is (a streaming step ends cancelled, a running tool is let go).
        signal(SIGINT, SIG_IGN)
        let interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        interrupt.setEventHandler { consumer.cancel() }
        interrupt.resume()
        defer { interrupt.cancel() }
        let outcome = try await consumer.value
        if json { Console.out(AskJSON.line(AskMCPJSON(outcome, pricing: pricing), orElse: "{}")) }
        let code = Self.exitCode(outcome)
        for stepRecorder in await recorders.all {
            let adjusted = await AskCommand.exitCode(code, recorder: stepRecorder)
            if adjusted != code { return adjusted }
        }
        return code
    }

    /// 0 answered; 3 a step failed; 4 a step was incomplete or cancelled, or the loop stopped at max_steps or the
    /// spending cap with calls unanswered.
    static func exitCode(_ outcome: ToolLoopOutcome) -> Int32 {
        switch outcome.stop {
        case .answered: 0
        case .failed: 3
        case .incomplete, .cancelled, .maxSteps, .spendingCap: 4
        }
    }
}

/// The recorders of every step, for the unsaved report at the end.
private actor Recorders {
    private(set) var all: [TurnRecorder] = []
    init(_ first: TurnRecorder?) { if let first { all = [first] } }
    func add(_ recorder: TurnRecorder) { all.append(recorder) }
}

extension Optional {
    /// `map` for an async transform.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
