import Foundation
import SwitchboardConfig
import SwitchboardCore

/// The roles the workbench can use and the one the session uses now (`/role`). The session's system prompt lives
/// here too: a role's, or one the session was stored with (`ask --system`), sent first with every turn.
public struct RoleState: Sendable {
    /// Bundled roles and the files in the roles directory, read at start.
    public var library = RoleLibrary(roles: BundledRoles.all)
    /// The role's name, shown in the title bar; nil with no role.
    public var name: String?
    /// Sent as the system message of every turn.
    public var systemPrompt: String?
    /// The role's sampling temperature for the next turns; nil leaves the model's default.
    public var temperature: Double?
    /// The session (its local id) the current role was stored with; another one stores it with its first message.
    var storedIn: UUID?

    public init() {}

    /// What goes before the conversation in every request.
    var systemMessages: [ChatMessage] { systemPrompt.map { [.system($0)] } ?? [] }

    /// What the store keeps for the session.
    var stored: SessionRole? { name.map { SessionRole(name: $0, systemPrompt: systemPrompt) } }
}
