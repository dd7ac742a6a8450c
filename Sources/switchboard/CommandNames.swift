import ArgumentParser
import Foundation
import SwitchboardCore

/// Catches a mistyped command name before argument parsing. The root's default command (the workbench) takes no
/// positional arguments, so without this `switchboard hisotry list` would be reported as two unexpected
/// arguments to the workbench, and `switchboard anything --help` would print the workbench's help.
enum CommandNames {
    /// A message naming the unknown command and the closest real one, or nil when the words before the first
    /// option all name commands (or the rest is left to a command that takes positional arguments).
    static func unknownCommand(in arguments: [String], root: any ParsableCommand.Type) -> String? {
        var command = root
        var path: [String] = []
        for argument in arguments {
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty, !argument.hasPrefix("-") else { return nil }
            if let next = subcommands.first(where: { names(of: $0).contains(argument) }) {
                command = next
                path.append(argument)
                continue
            }
            // The parser's own `help` command (`switchboard help ask`).
            if path.isEmpty, argument == "help" { return nil }
            // A default command with positional arguments of its own would take this word; leave it to the parser.
            if let fallback = command.configuration.defaultSubcommand, takesPositionalArguments(fallback) { return nil }
            let known = subcommands.map { $0._commandName }
            let scope = path.isEmpty ? "" : path.joined(separator: " ") + " "
            var message = "unknown command '\(scope)\(argument)'"
            if let closest = closest(to: argument, in: known) {
                message += "; did you mean '\(scope)\(closest)'?"
            } else {
                message += "; the \(path.isEmpty ? "" : scope)commands are: " + known.joined(separator: ", ")
            }
            return message
        }
        return nil
    }

    static func names(of command: any ParsableCommand.Type) -> [String] {
        [command._commandName] + command.configuration.aliases
    }

    /// The nearest name by edit distance, if it is near enough to be a typo (or the word starts it).
    static func closest(to word: String, in names: [String]) -> String? {
        let lowered = word.lowercased()
        let ranked = names.map { (name: $0, distance: EditDistance.between(lowered, $0)) }.min { $0.distance < $1.distance }
        guard let ranked else { return nil }
        if ranked.distance <= max(2, ranked.name.count / 3) { return ranked.name }
        return names.first { $0.hasPrefix(lowered) && lowered.count >= 2 }
    }

    /// Whether a command declares any `@Argument`, read from a default instance's stored properties.
    static func takesPositionalArguments(_ command: any ParsableCommand.Type) -> Bool {
        Mirror(reflecting: command.init()).children.contains { child in
            String(describing: type(of: child.value)).hasPrefix("Argument<")
        }
    }
}
