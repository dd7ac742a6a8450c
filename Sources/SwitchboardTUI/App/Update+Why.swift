import Foundation
import SwitchboardCore

extension Updates {
    /// Opens the "why" window for the reply in question: the selected compared answer, else the reply selected in
    /// the conversation, else the latest. The decision comes from memory (this run) or the store.
    static func showWhy(_ state: inout AppState) -> [Effect] {
        let entry: TranscriptEntry?
        if let comparison = state.transcript.comparison, state.selectedReply == nil || state.focusScope == .compare {
            entry = comparison.columns[comparison.selection]
        } else if let id = state.selectedReply {
            entry = state.transcript.entry(id)
        } else {
            entry = state.transcript.entries.last { $0.reply != nil }
        }
        guard let entry, let meta = entry.reply else {
            setStatus("no reply to explain yet", .warning, &state)
            return []
        }
        guard let turn = meta.turnID else {
            setStatus("this reply has no stored turn, so no route decision (it was imported)", .warning, &state)
            return []
        }
        state.overlays.removeAll { if case .why = $0 { true } else { false } }
        state.overlays.append(.why(WhyState(entryID: entry.id, turnID: turn)))
        return state.routeExplanations[turn] == nil ? [.loadRoute(turn: turn)] : []
    }

    /// `p`/`n` in the conversation: selects the previous or next reply (the one "why" explains) and shows it.
    static func selectReply(by delta: Int, _ state: inout AppState) {
        let entries = state.transcript.entries
        let replies = entries.indices.filter { entries[$0].reply != nil }
        guard !replies.isEmpty else { return }
        let current = state.selectedReply.flatMap { id in replies.firstIndex { entries[$0].id == id } } ?? replies.count
        let index = replies[min(max(0, current + delta), replies.count - 1)]
        state.selectedReply = entries[index].id
        state.conversationView.scroll(.reveal(entry: index))
    }

    static func scrollWhy(_ command: Command, _ state: inout AppState) {
        guard case .why(var why) = state.overlays.last else { return }
        // The window scrolls when it draws: only it knows how many lines the text wraps to.
        switch command {
        case .scrollUp, .wheelUp: why.scroll(.lines(-1))
        case .scrollDown, .wheelDown: why.scroll(.lines(1))
        case .pageUp: why.scroll(.pages(-1))
        case .pageDown: why.scroll(.pages(1))
        case .scrollTop: why.scroll(.top)
        default: break
        }
        state.overlays[state.overlays.count - 1] = .why(why)
    }
}
