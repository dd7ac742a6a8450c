import Foundation

/// A conversation's own fields.
public struct StoredSession: Sendable, Hashable {
    public var id: UUID
    public var title: String
    public var createdAt: Date
    public var updatedAt: Date
    public var archived: Bool
    public var systemPrompt: String?
    /// The model the conversation was last sent to, as the person named it.
    public var model: String?
    /// A label the routing rules may match (`code`, `translate`, ...).
    public var tag: String?
    /// The role the session uses (`/role`, `ask --role`); its prompt is `systemPrompt`.
    public var role: String?

    public init(id: UUID, title: String, createdAt: Date, updatedAt: Date, archived: Bool = false,
                systemPrompt: String? = nil, model: String? = nil, tag: String? = nil, role: String? = nil) {
        self.id = id
        self.title = title
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.archived = archived
        self.systemPrompt = systemPrompt
        self.model = model
        self.tag = tag
        self.role = role
    }

    /// The first 8 characters of the id: enough to name a session on the command line.
    public var shortID: String { String(id.uuidString.lowercased().prefix(8)) }
}

extension StoredSession {
    /// The full id in lowercase: how sessions are named to the store and on the command line.
    public var reference: String { id.uuidString.lowercased() }
}
