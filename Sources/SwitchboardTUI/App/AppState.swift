import Foundation
import SwitchboardCore

/// The panes that can have focus. The sidebar shows figures only.
public enum Pane: Equatable, Sendable {
    case picker, transcript, input

    var scope: KeyScope {
        switch self {
        case .picker: .picker
        case .transcript: .transcript
        case .input: .input
        }
    }
}

/// Windows drawn over the panes; the last one gets the keys.
public enum Overlay: Equatable, Sendable {
    /// The model picker when the screen is too narrow for its pane.
    case picker
    case history
    case help
    case prompt(PromptState)
    case confirm(ConfirmState)
    /// Why the router chose what it chose for one reply.
    case why(WhyState)
    /// The whole session as a tree (`/tree`).
    case tree
    /// The configured tools, on or off (`/tools`).
    case tools

    var scope: KeyScope {
        switch self {
        case .picker: .picker
        case .history: .history
        case .help: .help
        case .prompt: .prompt
        case .confirm: .confirm
        case .why: .why
        case .tree: .tree
        case .tools: .tools
        }
    }
}

/// A one-line text question (rename a session, which code block to copy).
public struct PromptState: Equatable, Sendable {
    public enum Purpose: Equatable, Sendable {
        case rename(sessionID: String)
        case copyBlock
        /// Why the waiting tool call is refused (the model reads it).
        case refuseTool
    }

    public var purpose: Purpose
    public var title: String
    public var editor: TextEditor

    public init(purpose: Purpose, title: String, text: String = "") {
        self.purpose = purpose
        self.title = title
        self.editor = TextEditor(text)
    }
}

/// A yes/no question.
public struct ConfirmState: Equatable, Sendable {
    public enum Purpose: Equatable, Sendable {
        case deleteSession(id: String)
    }

    public var purpose: Purpose
    public var question: String
}

/// The turn being answered now.
public struct TurnInFlight: Equatable, Sendable {
    public var id: UUID
    /// The turn the prompt was committed under: this one, or the first column's in a comparison.
    public var promptTurn: UUID
    /// The assistant entry its text goes to.
    public var entryID: Int
    public var model: String
    public var route: RouteInfo?
    public var routedAt: ContinuousClock.Instant?
    public var firstTokenAt: ContinuousClock.Instant?
    public var lastDeltaAt: ContinuousClock.Instant?
    public var promptTokens: Int
    public var outputTokens = 0
    public var cancelRequested = false
    /// When the first thinking arrived, to tell how long the model thought.
    public var thinkingStartedAt: ContinuousClock.Instant?
}

/// A message in the status line, until `expires`.
public struct StatusMessage: Equatable, Sendable {
    public var text: String
    public var level: NoticeLevel
    public var expires: ContinuousClock.Instant?
}

/// Everything the workbench shows, owned by the app loop and changed only by `update`.
public struct AppState {
    public var size: Size
    public var focus = Pane.input
    public var overlays: [Overlay] = []
    public var session = SessionRef()
    public var sessionTitle: String?
    public var transcript = Transcript()
    /// The session's tree (versions of messages) behind the path the transcript shows.
    public var tree = TreeState()
    /// The conversation pane's own state: its line memo, where it is scrolled, and scroll moves asked for since
    /// the last frame. `update` only asks for moves; the pane carries them out when it draws.
    public var conversationView: ConversationViewState
    public var input = TextEditor()
    /// Files to send with the next message (`/attach PATH`, or a pasted path), shown as chips above the box.
    public var attachments: [Attachment] = []
    /// How much the model should think from the next turn on (`/effort`); nil leaves the model's default.
    public var reasoning: ReasoningSetting?
    /// The summary sent in place of older turns, the compaction in flight and `[context]` settings.
    public var context = ContextState()
    public var promptHistory = PromptHistory()
    public var picker: PickerState
    /// The model the next turn uses (an id, alias or route from the picker).
    public var model: String
    /// Turns being answered now: one, or one per column of a comparison.
    public var turns: [TurnInFlight] = []
    /// Tool loops running, the calls waiting for y/a/n, and where each call shows.
    public var tools = ToolsState()
    /// The session's task tag (`/task code`), which task rules match.
    public var task: String?
    /// The roles, and the one the session uses (`/role`) with the system prompt sent first.
    public var role = RoleState()
    /// Compare mode: each message goes to all of these models at once (`/compare a,b`).
    public var compareModels: [String] = []
    /// The last compare set, so `/compare` alone turns it back on.
    public var lastCompareModels: [String] = []
    /// The reply whose route the "why" key explains (a transcript entry id); nil means the latest.
    public var selectedReply: Int?
    /// Route decisions by turn, as the engine reported them or the store returned them.
    public var routeExplanations: [UUID: RouteExplanation] = [:]
    /// Per-deployment health from the engine (cooldowns, probes).
    public var health = HealthBoard()
    public var stats = SessionStats()
    /// Spending limits (config `[budget]`); unset limits show no gauge.
    public var budgets = BudgetLimits()
    /// `serve`'s traffic today, polled from the store; nil when there is none (the sidebar hides its section).
    public var gateway: GatewayActivity?
    public var modelStats: [String: ModelStatsSnapshot] = [:]
    public var history = HistoryState()
    /// The picker's and the history list's windows: which rows show and how many fit, kept by the lists when
    /// they draw. `update` reads `page` for Page Up/Down and never measures a list.
    public var pickerList = ListViewState()
    public var historyList = ListViewState()
    public var helpScroll = 0
    public var status: StatusMessage?
    /// No real provider has a key: everything runs on the simulated demo models.
    public var demoMode: Bool
    public var now: ContinuousClock.Instant?
    public var quitRequested = false
    /// Token counts of the texts the context meter has seen, so a frame tokenises only what changed.
    public let tokenCache = TokenCountCache()
    /// The context meter's last count, so a frame that changes nothing it counts costs no counting.
    public let meterMemo = ContextMeterMemo()
    public let keymap: Keymap
    public let theme: Theme

    public init(size: Size, model: String, picker: PickerState, demoMode: Bool, theme: Theme,
                keymap: Keymap = .standard) {
        self.size = size
        self.model = model
        self.picker = picker
        self.demoMode = demoMode
        self.theme = theme
        self.keymap = keymap
        self.conversationView = ConversationViewState(theme: theme)
    }

    /// Wide enough for the picker pane (else it is an overlay).
    public var isWide: Bool { size.width >= ScreenLayout.pickerBreakpoint }
    public var screen: ScreenLayout { ScreenLayout(size: size, inputLines: inputRows + (attachments.isEmpty ? 0 : 1)) }

    /// Rows the input needs at this width (stops counting at the box's largest size; very long lines are
    /// measured by characters).
    var inputRows: Int {
        let width = max(1, size.width - 2)
        var rows = 0
        for line in input.lines {
            let columns = line.count > 2000 ? line.count : line.reduce(0) { $0 + TextWidth.width(of: String($1)) }
            rows += columns / width + 1
            if rows >= 8 { return 8 }
        }
        return rows
    }
    /// A reply streams, or a tool loop is between its steps (a call waits or runs): Esc and Ctrl-C stop it.
    public var isStreaming: Bool { !turns.isEmpty || tools.isRunning }
    /// The turn the sidebar and status line describe: the only one, or the first column's.
    public var turn: TurnInFlight? { turns.first }

    /// Where keys for the focused pane go: the conversation pane takes compare keys while answers await a pick.
    var focusScope: KeyScope {
        focus == .transcript && transcript.comparison != nil ? .compare : focus.scope
    }

    /// The catalog entry behind the current model, for prices and the context window.
    public var currentEntry: PickerEntry? { picker.entry(for: model) }

    /// Tokens the next turn sends, for the context gauge: see `nextRequestTokens`.
    public var contextTokens: Int { nextRequestTokens }
}
