import ArgumentParser
import Foundation

/// Range checks for numeric options, run from each command's `validate()`: a value out of range is a usage
/// error (exit 2) with the allowed range, never something to trap on or send to a provider.
enum OptionChecks {
    /// Far above any model's reply limit, far below anything that could overflow token arithmetic.
    static let maxTokensRange = 1...10_000_000
    static let temperatureRange = 0.0...2.0
    /// Rows a listing may ask for.
    static let limitRange = 1...1_000_000

    static func maxTokens(_ value: Int?) throws {
        guard let value else { return }
        guard maxTokensRange.contains(value) else {
            throw ValidationError("--max-tokens must be between \(maxTokensRange.lowerBound) and \(maxTokensRange.upperBound), not \(value)")
        }
    }

    static func temperature(_ value: Double?) throws {
        guard let value else { return }
        guard value.isFinite, temperatureRange.contains(value) else {
            throw ValidationError("--temperature must be a number from 0 to 2, not \(value)")
        }
    }

    /// The prompt given as words on the command line, joined by spaces; none, or only blanks, is a usage error
    /// ("no prompt to \(toWhat)").
    static func prompt(_ words: [String], toWhat: String) throws -> String {
        let text = words.joined(separator: " ")
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw CLIError.usage("no prompt to \(toWhat)") }
        return text
    }

    static func limit(_ value: Int) throws {
        guard limitRange.contains(value) else {
            throw ValidationError("--limit must be between \(limitRange.lowerBound) and \(limitRange.upperBound), not \(value)")
        }
    }
}
