import Foundation

/// A role: a named system prompt with the model, temperature and reasoning effort it prefers. Bundled ones are
/// data in SwitchboardConfig; a file `roles/NAME.toml` in the config directory adds one or replaces a bundled one
/// of the same name. Parsing lives in SwitchboardConfig; front ends only apply the value.
public struct RoleDefinition: Sendable, Hashable {
    public enum Source: Sendable, Hashable, CustomStringConvertible {
        case bundled
        case file(String)

        public var description: String {
            switch self {
            case .bundled: "bundled"
            case .file(let path): path
            }
        }
    }

    public var name: String
    public var description: String?
    /// Sent as the system message of every turn of a session that uses the role.
    public var systemPrompt: String?
    /// A model id, alias or route, as a person would type it.
    public var model: String?
    public var temperature: Double?
    public var reasoning: ReasoningSetting?
    public var source: Source

    public init(name: String, description: String? = nil, systemPrompt: String? = nil, model: String? = nil,
                temperature: Double? = nil, reasoning: ReasoningSetting? = nil, source: Source = .bundled) {
        self.name = name
        self.description = description
        self.systemPrompt = systemPrompt
        self.model = model
        self.temperature = temperature
        self.reasoning = reasoning
        self.source = source
    }

    /// Letters, digits, `-` and `_`: a name that can be typed after `/role` and `--role` and used as a file name.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64
            && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0)
                || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
    }
}

/// The role a session uses, as stored with it: the name, and the system prompt it had when it was chosen (so a
/// session keeps its prompt when the role file later changes or is removed).
public struct SessionRole: Sendable, Hashable {
    public var name: String
    public var systemPrompt: String?

    public init(name: String, systemPrompt: String?) {
        self.name = name
        self.systemPrompt = systemPrompt
    }
}
