import Foundation

/// Where gateway keys live, and which keys and tags a turn was made under. The SQLite store implements it;
/// `switchboard keys` and `serve`'s authenticator hold it through this port and never see the database.
public protocol GatewayKeyStore: Sendable {
    /// Stores a new key. Throws `GatewayKeyError.duplicateName` when the name is taken (revoked keys keep theirs).
    func createGatewayKey(name: String, limits: GatewayKeyLimits, stored: GatewayKeySecret.Stored, at: Date) async throws -> GatewayKey
    /// Every key, oldest first, with its spend today and this month (local calendar, open holds included).
    func gatewayKeys() async throws -> [GatewayKeyUsage]
    /// Marks the key revoked from `at` on; a key revoked before keeps its first time. Throws
    /// `GatewayKeyError.unknownName` when there is no such key.
    func revokeGatewayKey(named: String, at: Date) async throws -> GatewayKey
    /// The keys whose secret starts with `prefix`, revoked ones too, with what was stored of their secret.
    func gatewayKeyCandidates(prefix: String) async throws -> [(key: GatewayKey, stored: GatewayKeySecret.Stored)]
    /// Records that `turn` was made with `key` and carries `tags` (for `spend --by key|tag`). Idempotent.
    func attributeTurn(_ turn: UUID, key: Int64?, tags: [String]) async throws
}

public enum GatewayKeyError: Error, Sendable, Hashable, CustomStringConvertible {
    case duplicateName(String)
    case unknownName(String)
    case invalidName(String)

    public var description: String {
        switch self {
        case .duplicateName(let name): "a key named '\(name)' already exists (names stay taken after revoking)"
        case .unknownName(let name): "no key named '\(name)' (switchboard keys list shows them)"
        case .invalidName(let name): "'\(name)' is not a usable key name: use 1-64 letters, digits, '.', '_' or '-'"
        }
    }

    /// Nil when `name` is usable as a key name.
    public static func check(name: String) -> GatewayKeyError? {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        guard (1...64).contains(name.count), name.allSatisfy(allowed.contains) else { return .invalidName(name) }
        return nil
    }
}

extension GatewayKeyStore {
    /// The live key whose secret is `presented`; nil for anything else (unknown, malformed or revoked), so a
    /// caller cannot tell a revoked key from a made-up one by the answer.
    public func authenticate(_ presented: String) async throws -> GatewayKey? {
        guard let prefix = GatewayKeySecret.lookupPrefix(presented) else { return nil }
        var found: GatewayKey?
        // Every candidate is checked, so the time taken does not depend on which one matched.
        for candidate in try await gatewayKeyCandidates(prefix: prefix)
        where GatewayKeySecret.verify(presented, against: candidate.stored) {
            found = candidate.key
        }
        guard let found, !found.isRevoked else { return nil }
        return found
    }
}
