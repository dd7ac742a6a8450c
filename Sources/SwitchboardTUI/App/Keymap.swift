import Foundation

/// Where a binding applies. Overlays see keys first, then the focused pane, then `global`.
public enum KeyScope: String, Sendable, CaseIterable {
    case global, input, transcript, compare, picker, history, help, prompt, confirm, why, tree, tools

    public var title: String {
        switch self {
        case .global: "Everywhere"
        case .input: "Message box"
        case .transcript: "Conversation (Tab to focus)"
        case .compare: "Compared answers (after a message in compare mode)"
        case .why: "Why (the route decision of a reply)"
        case .tree: "Conversation tree (/tree)"
        case .tools: "Tools (/tools)"
        case .picker: "Model picker"
        case .history: "History browser"
        case .help: "Help"
        case .prompt: "Text prompts (rename, copy block)"
        case .confirm: "Confirmations"
        }
    }
}

/// When a binding is live, beyond its scope.
public enum KeyCondition: String, Sendable {
    case always, streaming, idle, inputEmpty, inputNotEmpty, historyListing, historySearching, wideLayout, narrowLayout
    case attachmentsPending, toolApproval

    func holds(in state: AppState) -> Bool {
        switch self {
        case .always: true
        case .streaming: state.isStreaming
        case .idle: !state.isStreaming
        case .inputEmpty: state.input.isEmpty
        case .inputNotEmpty: !state.input.isEmpty
        case .historyListing: state.history.mode == .list
        case .historySearching: state.history.mode == .search
        case .wideLayout: state.isWide
        case .narrowLayout: !state.isWide
        case .attachmentsPending: !state.attachments.isEmpty
        case .toolApproval: !state.tools.waiting.isEmpty
        }
    }
}

/// One binding: keys, the command, and the words help and the status line show for it.
public struct KeyBinding: Sendable {
    public var keys: [Key]
    public var command: Command
    public var scope: KeyScope
    public var when: KeyCondition
    public var help: String
    /// A short label for the status line, or nil to leave it out of the hints.
    public var hint: String?

    public init(_ keys: [Key], _ command: Command, _ scope: KeyScope, when: KeyCondition = .always, help: String,
                hint: String? = nil) {
        self.keys = keys
        self.command = command
        self.scope = scope
        self.when = when
        self.help = help
        self.hint = hint
    }

    public var keyLabel: String { keys.map(\.label).joined(separator: "/") }
}

/// The key bindings, as data: dispatch, the help overlay and the status hints all read this one list.
public struct Keymap: Sendable {
    public var bindings: [KeyBinding]

    public init(bindings: [KeyBinding]) {
        self.bindings = bindings
    }

    /// The first live binding for `key` in `scope`.
    func binding(for key: Key, in scope: KeyScope, state: AppState) -> KeyBinding? {
        bindings.first { $0.scope == scope && $0.keys.contains(key) && $0.when.holds(in: state) }
    }

    /// Hints for the status line: the scope's live hinted bindings, then the global ones.
    func hints(for scopes: [KeyScope], state: AppState) -> [(keys: String, label: String)] {
        var seen = Set<String>()
        var result: [(String, String)] = []
        for scope in scopes {
            for binding in bindings where binding.scope == scope && binding.when.holds(in: state) {
                guard let hint = binding.hint, seen.insert(binding.keyLabel).inserted else { continue }
                result.append((binding.keyLabel, hint))
            }
        }
        return result
    }
}
