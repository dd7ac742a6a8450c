import SwitchboardConfig
import SwitchboardCore

/// `ask --role NAME`: the role's system prompt, model, temperature and reasoning, each unless the command line
/// gives its own (`--system`, `-m`, `--temperature`, `--reasoning` win).
enum AskRole {
    /// The role, or nil without `--role`. An unknown name, or a role file that cannot be read, is a usage error
    /// (exit 2) naming the closest roles or the file, line and key.
    static func load(_ name: String?, environment: [String: String]) throws -> RoleDefinition? {
        guard let name else { return nil }
        do {
            return try RoleLibrary.load(environment: environment).resolve(name)
        } catch {
            throw CLIError.usage("\(error)")
        }
    }

    /// The role's temperature and reasoning where the command line set none.
    static func apply(_ role: RoleDefinition?, to turn: inout TurnRequest) {
        guard let role else { return }
        if turn.temperature == nil { turn.temperature = role.temperature }
        if turn.options.reasoning == nil { turn.options.reasoning = role.reasoning }
    }

    /// What the session stores: the role's name and the prompt sent with it.
    static func stored(_ role: RoleDefinition?, system: String?) -> SessionRole? {
        role.map { SessionRole(name: $0.name, systemPrompt: system) }
    }
}
