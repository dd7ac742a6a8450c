import SwitchboardCore

/// A session's own fields: the keys a session export and `history show/list --json` share (`id`, `title`,
/// `created_at`, `updated_at`, `archived`, `model`, `system_prompt`, `tag`). Written into the enclosing object.
struct SessionFieldsJSON: Codable, Equatable {
    var id: String
    var title: String
    var createdAt: String
    var updatedAt: String
    var archived: Bool
    @ExplicitNull var systemPrompt: String?
    @ExplicitNull var model: String?
    @ExplicitNull var tag: String?
    /// Written only when the session has a role, so sessions without one export byte for byte as before; an older
    /// build that imports it keeps the role's prompt (`system_prompt`) and drops only the name.
    var role: String?

    enum CodingKeys: String, CodingKey {
        case id, title, createdAt = "created_at", updatedAt = "updated_at", archived, systemPrompt = "system_prompt", model, tag
        case role
    }

    init(_ session: StoredSession) {
        id = session.id.uuidString.lowercased()
        title = session.title
        createdAt = StoredTime.iso(StoredTime.millis(session.createdAt))
        updatedAt = StoredTime.iso(StoredTime.millis(session.updatedAt))
        archived = session.archived
        systemPrompt = session.systemPrompt
        model = session.model
        tag = session.tag
        role = session.role
    }
}
