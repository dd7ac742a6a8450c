import Foundation

// How each pane is cut from the app state: the one place a widget meets `AppState`. The widgets themselves see
// only their slice.

extension TitleBar {
    init(_ state: AppState) {
        self.init(sessionTitle: state.sessionTitle, model: state.model, compareModels: state.compareModels,
                  task: state.task, role: state.role.name, effort: state.reasoning.map(Updates.effortLabel),
                  demoMode: state.demoMode,
                  theme: state.theme)
    }
}

extension ModelPickerView {
    init(_ state: AppState, focused: Bool) {
        self.init(picker: state.picker, model: state.model, health: state.health, now: state.now,
                  modelStats: state.modelStats, focused: focused, theme: state.theme)
    }
}

extension ConversationView {
    init(_ state: AppState) {
        self.init(entries: state.transcript.entries, selectedReply: state.selectedReply,
                  focused: state.focus == .transcript && state.overlays.isEmpty, demoMode: state.demoMode,
                  theme: state.theme)
    }
}

extension CompareView {
    /// Nil when no comparison awaits a pick.
    init?(_ state: AppState) {
        guard let comparison = state.transcript.comparison else { return nil }
        self.init(comparison: comparison, prompt: state.transcript.entries.last { $0.kind == .user }?.text ?? "",
                  focused: state.focus == .transcript && state.overlays.isEmpty, theme: state.theme)
    }
}

extension SidebarView {
    init(_ state: AppState) {
        let entry = state.currentEntry
        self.init(stats: state.stats, budgets: state.budgets, troubles: state.health.troubles(at: state.now),
                  model: state.model, compareCount: state.compareModels.count, task: state.task, entry: entry,
                  context: state.nextRequestCount, modelStats: state.modelStats[entry?.modelID ?? state.model],
                  turn: state.turn, turnEntry: state.turn.flatMap { state.picker.entry(for: $0.model) },
                  // Only shown between turns: no search of the transcript while a reply streams.
                  lastReply: state.turn == nil ? state.transcript.entries.last { $0.reply?.status.isFinal == true }?.reply : nil,
                  theme: state.theme, gateway: state.gateway)
    }
}

extension SummaryLine {
    init(_ state: AppState) {
        self.init(stats: state.stats, contextWindow: state.currentEntry?.contextWindow,
                  context: state.nextRequestCount, turn: state.turn, theme: state.theme)
    }
}

extension InputBoxView {
    init(_ state: AppState) {
        self.init(editor: state.input, model: state.model, focused: state.focus == .input && state.overlays.isEmpty,
                  theme: state.theme, attachments: state.attachments)
    }
}

extension StatusBar {
    init(_ state: AppState) {
        // A message hides the hints, so they are only worked out when there is none.
        // A tool call waiting for y/a/n asks in the status line until it is answered.
        let status = state.tools.waiting.first.map { StatusMessage(text: $0.prompt, level: .warning, expires: nil) } ?? state.status
        let hints = status == nil ? state.keymap.hints(for: KeyRouter.scopes(for: state), state: state) : []
        self.init(turn: state.turn, now: state.now, status: status, hints: hints, theme: state.theme)
    }
}

extension HistoryBrowserView {
    init(_ state: AppState) {
        self.init(history: state.history, currentSession: state.session.stored, theme: state.theme)
    }
}

extension HelpOverlayView {
    init(_ state: AppState) {
        self.init(keymap: state.keymap, scroll: state.helpScroll, theme: state.theme)
    }
}

extension WhyOverlayView {
    init(_ why: WhyState, in state: AppState) {
        self.init(lines: Self.wrapped(why, in: state), theme: state.theme)
    }
}
