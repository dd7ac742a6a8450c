import SwitchboardConfig
import SwitchboardCore

/// `/role NAME` uses a role from the next turn on: its system prompt goes first in every request, and its model,
/// temperature and reasoning effort replace the current ones where it sets them. `/role` lists the roles, `/role off`
/// drops the role and its prompt. The role is stored with the session, so resuming it keeps the prompt.
extension Updates {
    static func role(_ argument: String?, _ state: inout AppState) -> [Effect] {
        switch argument {
        case nil:
            listRoles(&state)
            return []
        case "off":
            guard let name = state.role.name else {
                setStatus("no role is in use (/role NAME picks one)", .info, &state)
                return []
            }
            state.role.name = nil
            state.role.systemPrompt = nil
            state.role.temperature = nil
            if !state.transcript.isEmpty { state.transcript.append(.divider, text: "role \(name) off") }
            setStatus("role \(name) off: no system prompt from the next turn on", .info, &state)
            return persistRole(&state)
        case let name?:
            let role: RoleDefinition
            do {
                role = try state.role.library.resolve(name)
            } catch {
                setStatus("\(error)", .error, &state)
                return []
            }
            apply(role, &state)
            return persistRole(&state)
        }
    }

    static func apply(_ role: RoleDefinition, _ state: inout AppState) {
        state.role.name = role.name
        state.role.systemPrompt = role.systemPrompt
        state.role.temperature = role.temperature
        if let reasoning = role.reasoning { state.reasoning = reasoning }
        var changes: [String] = []
        if let model = role.model, model != state.model {
            state.model = model
            state.picker.select(model)
            changes.append("model \(model)")
        }
        if let temperature = role.temperature { changes.append("temperature \(temperature)") }
        if let reasoning = role.reasoning { changes.append("effort \(effortLabel(reasoning))") }
        if !state.transcript.isEmpty { state.transcript.append(.divider, text: "role \(role.name)") }
        let detail = changes.isEmpty ? "" : " (" + changes.joined(separator: ", ") + ")"
        setStatus("role \(role.name) from the next turn on\(detail); /role off drops it", .info, &state)
    }

    /// Keeps the role with the session now, or once the session's first message has created it.
    static func persistRole(_ state: inout AppState) -> [Effect] {
        guard state.session.stored != nil || !state.transcript.isEmpty else {
            state.role.storedIn = nil
            return []
        }
        state.role.storedIn = state.session.local
        return [.persistRole(session: state.session, state.role.stored)]
    }

    /// After a message: the role chosen before the session existed (or kept from the session before Ctrl-N).
    static func persistPendingRole(_ state: inout AppState) -> [Effect] {
        guard state.role.name != nil, state.role.storedIn != state.session.local else { return [] }
        state.role.storedIn = state.session.local
        return [.persistRole(session: state.session, state.role.stored)]
    }

    /// A new session keeps the role in use (it is stored with the new session's first message), but not a prompt
    /// that came only with the stored session left behind.
    static func newSessionRole(_ state: inout AppState) {
        if state.role.name == nil { state.role.systemPrompt = nil }
    }

    /// A resumed session brings its role and prompt; the role's temperature comes back while the role still exists.
    static func resumeRole(_ session: LoadedSession, _ state: inout AppState) {
        state.role.name = session.session.role
        state.role.systemPrompt = session.session.systemPrompt
        state.role.temperature = session.session.role.flatMap { state.role.library.role(named: $0) }?.temperature
        state.role.storedIn = state.session.local
    }

    static func listRoles(_ state: inout AppState) {
        let names = state.role.library.roles.map { $0.name == state.role.name ? "[\($0.name)]" : $0.name }
        var text = "roles: " + names.joined(separator: ", ") + " · /role NAME uses one, /role off drops it"
        let broken = state.role.library.allProblems
        if let first = broken.first {
            text += " · \(broken.count) role file\(broken.count == 1 ? "" : "s") could not be read: \(first)"
        }
        setStatus(text, broken.isEmpty ? .info : .warning, &state)
    }
}
