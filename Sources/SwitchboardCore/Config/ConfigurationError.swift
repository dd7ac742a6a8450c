import Foundation

/// A problem in the user's configuration, pointing at the file, line and key to fix.
public enum ConfigurationError: Error, Equatable, CustomStringConvertible {
    case syntax(file: String, line: Int?, column: Int?, message: String)
    case invalidValue(file: String?, line: Int?, key: String, message: String)
    case unknownKey(file: String, line: Int?, key: String, suggestion: String?)
    /// The file itself cannot be read as a config file: `problem` completes "PATH …" ("is a directory, not a …").
    case unreadable(file: String, problem: String)

    public var description: String {
        switch self {
        case .syntax(let file, let line, let column, let message):
            return "\(location(file, line, column)): \(message)"
        case .invalidValue(let file, let line, let key, let message):
            return "\(location(file ?? "configuration", line, nil)): \(key): \(message)"
        case .unknownKey(let file, let line, let key, let suggestion):
            return "\(location(file, line, nil)): unknown key '\(key)'" + (suggestion.map { " (did you mean '\($0)'?)" } ?? "")
        case .unreadable(let file, let problem):
            return "\(file) \(problem)"
        }
    }

    private func location(_ file: String, _ line: Int?, _ column: Int?) -> String {
        var text = file
        if let line { text += ":\(line)" }
        if let column { text += ":\(column)" }
        return text
    }
}
