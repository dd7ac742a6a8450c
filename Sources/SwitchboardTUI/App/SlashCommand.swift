import Foundation
import SwitchboardCore

/// A line in the message box that talks to the workbench rather than the model: `/task code`,
/// `/compare demo/mini,demo/pro`, `/why`. A line starting with `//` is sent as a message starting with `/`.
enum SlashCommand: Equatable {
    /// Tag the session with a task for the task rules; nil clears it.
    case task(String?)
    /// Compare mode with these models; empty toggles it with the last set.
    case compare([String])
    case compareOff
    case why
    /// Attach a file to the next message (`clear` drops the pending ones; empty lists them).
    case attach(String)
    /// Set the reasoning effort for the next turns; nil shows the current one.
    case effort(String?)
    /// Summarise the conversation so far: the summary is sent in place of its turns from then on.
    case compact
    /// Use a role from the next turn on (`off` drops it); nil lists the roles.
    case role(String?)
    /// Another answer to the selected reply's prompt from these models (the reply's own model when empty).
    case regen([String])
    /// The whole session as a tree, to jump to any message.
    case tree
    /// The configured MCP servers and their tools, each on or off (`/tools`).
    case tools
    case unknown(String)

    static let usage = "/task NAME|off · /compare MODEL,MODEL…|off · /why · /attach PATH|clear · "
        + "/effort off|low|medium|high|default · /compact · /regen [MODEL,MODEL…] · /tree · /tools · /role [NAME|off] · "
        + "//text sends “/text”"

    init?(parsing text: String) {
        guard text.hasPrefix("/"), !text.hasPrefix("//") else { return nil }
        let words = text.dropFirst().split(whereSeparator: { $0.isWhitespace || $0 == "," }).map(String.init)
        let arguments = Array(words.dropFirst())
        switch words.first ?? "" {
        case "task":
            self = .task(arguments.isEmpty || arguments == ["off"] ? nil : arguments.joined(separator: " "))
        case "compare":
            self = arguments == ["off"] ? .compareOff : .compare(arguments)
        case "why":
            self = .why
        case "attach":
            // The rest of the line as typed: a path may hold spaces and commas.
            self = .attach(String(text.dropFirst().drop { !$0.isWhitespace }).trimmingCharacters(in: .whitespaces))
        case "effort":
            self = .effort(arguments.isEmpty ? nil : arguments.joined(separator: " ").lowercased())
        case "compact":
            self = .compact
        case "role":
            self = .role(arguments.first)
        case "regen":
            self = .regen(arguments)
        case "tree":
            self = .tree
        case "tools":
            self = .tools
        default:
            self = .unknown(words.first ?? "")
        }
    }
}

extension Updates {
    static func run(_ command: SlashCommand, _ state: inout AppState) -> [Effect] {
        switch command {
        case .task(let task):
            state.task = task
            if let task {
                setStatus("task “\(task)”: task rules match it from the next turn on (/task off clears it)", .info, &state)
            } else {
                setStatus("task cleared", .info, &state)
            }
            return []
        case .compare(let models):
            return startCompareMode(models.isEmpty ? state.lastCompareModels : models, toggle: models.isEmpty, &state)
        case .compareOff:
            state.compareModels = []
            setStatus("compare mode off: the next message goes to \(state.model)", .info, &state)
            return []
        case .why:
            return showWhy(&state)
        case .attach(let path):
            return attach(path, &state)
        case .effort(let level):
            return effort(level, &state)
        case .compact:
            return compact(&state)
        case .role(let name):
            return role(name, &state)
        case .regen(let models):
            return regenerate(with: models.isEmpty ? nil : models, &state)
        case .tree:
            return openTree(&state)
        case .tools:
            return openTools(&state)
        case .unknown(let name):
            setStatus("unknown command /\(name): \(SlashCommand.usage)", .warning, &state)
            return []
        }
    }

    /// Turns compare mode on with `models` (each checked against the picker), or off when toggling an active one.
    static func startCompareMode(_ models: [String], toggle: Bool, _ state: inout AppState) -> [Effect] {
        if toggle && !state.compareModels.isEmpty { return run(.compareOff, &state) }
        var unique: [String] = []
        for model in models where !unique.contains(model) { unique.append(model) }
        guard unique.count >= 2 else {
            setStatus("compare needs two models or more, e.g. /compare demo/mini,demo/pro", .warning, &state)
            return []
        }
        for model in unique where state.picker.entry(for: model) == nil && (try? ModelRef(parsing: model))
            .flatMap({ state.picker.entry(for: $0.id) }) == nil {
            let close = state.picker.entries.map(\.id)
                .map { ($0, EditDistance.between($0, model)) }.sorted { $0.1 < $1.1 }.prefix(3).map(\.0)
            setStatus("unknown model \(model): did you mean \(close.joined(separator: ", "))?", .error, &state)
            return []
        }
        state.compareModels = unique
        state.lastCompareModels = unique
        setStatus("compare mode: each message goes to \(unique.joined(separator: ", ")); pick an answer to continue",
                  .info, &state)
        return []
    }
}
