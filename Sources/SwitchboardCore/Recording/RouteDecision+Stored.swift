import Foundation

extension RouteDecision {
    /// The one encoding of a decision for storage (read back by `RouteExplanation(json:)`): sorted keys, so
    /// the same decision is always the same text.
    public func storedJSON() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
