import ArgumentParser
import Foundation
import SwitchboardCore

/// `switchboard ask`: one turn, streamed to stdout, with a summary line on stderr.
struct AskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask",
        abstract: "Ask a model once and stream the answer.",
        discussion: """
            Exit codes: 0 answered; 2 usage or configuration error; 3 every attempt failed; \
            4 the answer is incomplete (stream broke, stalled or was cancelled).
            """
    )

    @Option(name: .shortAndLong, help: "Model as vendor/model[:floor|:nitro][@provider], or an alias.")
    var model: String?

    @Option(help: "Comma-separated models to try in order if the first fails.")
    var fallback: String?

    @Option(help: "A system prompt.")
    var system: String?

    @Option(name: .customLong("max-tokens"), help: "Upper limit on answer tokens.")
    var maxTokens: Int?

    @Option(help: "Sampling temperature.")
    var temperature: Double?

    @Flag(help: "Print one JSON object instead of streaming text.")
    var json = false

    @Flag(name: .customLong("no-store"), help: "Do not record this turn in the history database.")
    var noStore = false

    @Argument(help: "The prompt. Use - (or pipe text in) to read it from standard input.")
    var prompt: [String] = []

    func run() async throws {
        let text = try readPrompt()
        let context: AppContext
        do { context = try AppContext.load() } catch { throw CLIError.usage("\(error)") }
        defer { Task { await context.shutdown() } }

        var messages: [ChatMessage] = []
        if let system { messages.append(.system(system)) }
        messages.append(.user(text))
        let turn = TurnRequest(messages: messages, model: try parseModel(model ?? context.defaultModel),
                               fallbacks: try parseFallbacks(), maxTokens: maxTokens, temperature: temperature)
        let engine = context.makeEngine(ledger: nil)
        let printer = AskPrinter(json: json, stdoutIsTerminal: isatty(STDOUT_FILENO) == 1)
        let outcome = try await AskRun.stream(engine.run(turn), printer: printer) { engine.cancel(turn: turn.id) }
        await context.shutdown()
        throw ExitCode(outcome.exitCode)
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
