import ArgumentParser
import Foundation

@main
struct Switchboard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard",
        abstract: "A terminal chat workbench with its own model router.",
        discussion: """
            With no API keys everything runs on the built-in demo models (simulated, offline).
            Keys come from the environment: OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, OPENROUTER_API_KEY, ...
            """,
        subcommands: [WorkbenchCommand.self, AskCommand.self, CompareCommand.self, ModelsCommand.self, HistoryCommand.self,
                      SpendCommand.self, StatsCommand.self, RouteCommand.self, HealthCommand.self],
        defaultSubcommand: WorkbenchCommand.self
    )
}

extension Switchboard {
    /// Runs the chosen command and maps failures to the documented exit codes: usage and configuration
    /// problems exit 2 with one clear line, whatever raised them.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as CLIError {
            Console.error(error.description)
            Foundation.exit(2)
        } catch let error as ExitCode {
            Foundation.exit(error.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success { exit(withError: error) }
            let message = fullMessage(for: error)
            if !message.isEmpty { Console.error(message) }
            Foundation.exit(code == .validationFailure || code.rawValue == 64 ? 2 : code.rawValue)
        }
    }
}
