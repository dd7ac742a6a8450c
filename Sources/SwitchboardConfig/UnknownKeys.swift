import Foundation
import SwitchboardCore
import TOMLKit

/// Refuses keys a table does not know, suggesting the closest known one: a typo never silently does nothing.
/// Shared by config.toml and role files so both suggest the same way.
enum UnknownKeys {
    static func check(_ table: TOMLTable, allowed: [String], path: String, file: String, locator: KeyLocator) throws {
        for key in table.keys.sorted() where !allowed.contains(key) {
            let full = path.isEmpty ? key : path + "." + key
            throw ConfigurationError.unknownKey(file: file, line: locator.line(of: full), key: full,
                                                suggestion: suggestion(for: key, among: allowed))
        }
    }

    /// The closest of `known` within a small edit distance, else nil.
    static func suggestion(for key: String, among known: [String]) -> String? {
        known.min { EditDistance.between(key, $0) < EditDistance.between(key, $1) }
            .flatMap { EditDistance.between(key, $0) <= max(2, key.count / 3) ? $0 : nil }
    }
}
