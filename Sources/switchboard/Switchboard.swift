import ArgumentParser
import Foundation
import SwitchboardCore
import SwitchboardStore

@main
struct Switchboard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard",
        abstract: "A terminal chat workbench with its own model router.",
        discussion: """
            With no API keys everything runs on the built-in demo models (simulated, offline).
            Keys come from the environment: OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, OPENROUTER_API_KEY, ...
            Exit codes: 2 usage or configuration error; 5 standard output could not be written (closed, full or a
            broken pipe). `ask` and `compare` also use 3 (every attempt failed) and 4 (an answer is incomplete).
            """,
        subcommands: [WorkbenchCommand.self, AskCommand.self, CompareCommand.self, ModelsCommand.self, HistoryCommand.self,
                      SpendCommand.self, StatsCommand.self, RouteCommand.self, HealthCommand.self,
                      RolesCommand.self, ServeCommand.self, KeysCommand.self, DbCommand.self],
        defaultSubcommand: WorkbenchCommand.self
    )
}

extension Switchboard {
    /// Runs the chosen command and maps failures to the documented exit codes: usage and configuration
    /// problems exit 2 with one clear line, whatever raised them.
    static func main() async {
        Console.prepareStandardStreams()
        // Failures the user was shown (a ledger or budget write) are also kept in the state directory's log.
        SwitchboardLog.bootstrap()
        // Every store (PostgreSQL too) writes and reads session archives in SwitchboardStore's format.
        SessionArchiveCodecs.install(SwitchboardArchiveCodec())
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let message = CommandNames.unknownCommand(in: arguments, root: Switchboard.self) {
            Console.error(message)
            finish(2)
        }
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            finish(0)
        } catch let error as CLIError {
            Console.error(error.description)
            finish(2)
        } catch let error as ExitCode {
            finish(error.rawValue)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                // --help, --version: their text is output like any other, with the same write-failure rule.
                if !message.isEmpty { Console.out(message + "\n") }
                finish(0)
            }
            if !message.isEmpty { Console.error(message) }
            finish(code == .validationFailure || code.rawValue == 64 ? 2 : code.rawValue)
        }
    }

    /// Exits with `code`, unless standard output failed: then one line says so and the exit code is 5,
    /// whatever the command thought of its own work.
    static func finish(_ code: Int32) -> Never {
        if let failure = Console.outputFailure {
            Console.error("could not write to standard output: \(DescriptorWrite.describe(failure)); stopped")
            Foundation.exit(Console.outputFailedExitCode)
        }
        Foundation.exit(code)
    }
}
