import Foundation

/// Model name patterns of a key's `--models`: literal text with `*` for any run of characters
/// (`gpt-4o*`, `anthropic/*`, `auto`). Matching is case-insensitive, like model names elsewhere.
public enum GatewayKeyPattern {
    /// Characters a pattern may hold: those of model ids, aliases and routes, and `*`.
    static let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:/@*-+")

    /// Nil when `pattern` is usable, else why not.
    public static func problem(_ pattern: String) -> String? {
        if pattern.isEmpty { return "a model pattern is empty" }
        if let bad = pattern.first(where: { !allowed.contains($0) }) {
            return "model pattern '\(pattern)' has '\(bad)'; use model names with * for any characters"
        }
        return nil
    }

    public static func matches(_ pattern: String, _ model: String) -> Bool {
        let pieces = pattern.lowercased().split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        let name = model.lowercased()
        guard pieces.count > 1 else { return name == pieces[0] }
        guard name.hasPrefix(pieces[0]) else { return false }
        var rest = name.dropFirst(pieces[0].count)
        let last = pieces[pieces.count - 1]
        for piece in pieces.dropFirst().dropLast() where !piece.isEmpty {
            guard let found = rest.range(of: piece) else { return false }
            rest = rest[found.upperBound...]
        }
        return rest.count >= last.count && rest.hasSuffix(last)
    }
}
