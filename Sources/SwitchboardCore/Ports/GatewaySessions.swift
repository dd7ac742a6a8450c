import Foundation

/// Which conversation a `serve` request belongs to, within its key: one the client named (a header or a body
/// field), or, when it named none, the key's local day.
public enum GatewayConversation: Sendable, Hashable {
    /// A client-chosen id, as sent.
    case named(String)
    /// A local calendar day, `2026-12-05`.
    case day(String)
}

/// The session a gateway conversation is recorded in, and whether this call created it.
public struct GatewaySessionMatch: Sendable, Hashable {
    public var session: UUID
    public var created: Bool

    public init(session: UUID, created: Bool) {
        self.session = session
        self.created = created
    }
}

/// Where `serve` keeps which session each (key, conversation) is recorded in. A key never reaches another key's
/// sessions: the key is part of what is looked up.
public protocol GatewaySessions: Sendable {
    /// The session of `conversation` under `key` (nil: `--no-auth`). When there is none yet (or the one it had
    /// was deleted) it is created from `new`, titled `title` when given, else from its first prompt. Race-free
    /// across processes: callers asking for the same new conversation at once all get the one session.
    func gatewaySession(key: Int64?, conversation: GatewayConversation, new: NewSession,
                        title: String?) async throws -> GatewaySessionMatch
    /// As `gatewaySession`, then begins `opening` (`SessionStore.beginTurn`) in the session found, whatever its
    /// `session` says: one write where the store can, so a request's placement and its prompts commit together.
    func gatewaySession(key: Int64?, conversation: GatewayConversation, new: NewSession, title: String?,
                        beginning opening: TurnOpening) async throws -> GatewaySessionMatch
}

extension GatewaySessions where Self: SessionStore {
    /// The two calls, one after the other: for stores without a one-transaction version.
    public func gatewaySession(key: Int64?, conversation: GatewayConversation, new: NewSession, title: String?,
                               beginning opening: TurnOpening) async throws -> GatewaySessionMatch {
        let match = try await gatewaySession(key: key, conversation: conversation, new: new, title: title)
        var opening = opening
        opening.session = match.session
        try await beginTurn(opening)
        return match
    }
}
