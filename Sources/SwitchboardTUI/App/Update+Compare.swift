import Foundation
import SwitchboardCore

extension Updates {
    /// ←/→ in the answers pane.
    static func selectColumn(by delta: Int, _ state: inout AppState) {
        guard var comparison = state.transcript.comparison else { return }
        comparison.selection = min(max(0, comparison.selection + delta), comparison.columns.count - 1)
        state.transcript.comparison = comparison
    }

    /// Enter in the answers pane: the selected answer joins the conversation, the next turn uses its model,
    /// answers still streaming are stopped (and kept in the store as siblings), and compare mode ends.
    static func pickAnswer(_ state: inout AppState) -> [Effect] {
        guard let comparison = state.transcript.comparison else { return [] }
        let column = comparison.columns[comparison.selection]
        guard let meta = column.reply else { return [] }
        switch meta.status {
        case .waiting, .streaming:
            setStatus("\(meta.requestedModel) is still answering: wait for it, or Esc stops every answer", .warning, &state)
            return []
        case .failed:
            setStatus("\(meta.requestedModel) has no answer to continue from: pick another", .warning, &state)
            return []
        case .complete, .cancelled, .incomplete:
            break
        }
        var effects: [Effect] = []
        for index in state.turns.indices where state.turns[index].entryID != column.id && !state.turns[index].cancelRequested {
            state.turns[index].cancelRequested = true
            effects.append(.cancelTurn(state.turns[index].id))
        }
        state.transcript.pick(comparison.selection)
        if let turn = meta.turnID { effects.append(.chooseReply(turn: turn)) }
        let others = comparison.columns.count - 1
        state.compareModels = []
        let previous = state.model
        state.model = meta.requestedModel
        state.picker.select(meta.requestedModel)
        if previous != meta.requestedModel { state.transcript.append(.divider, text: "continuing with \(meta.requestedModel)") }
        state.focus = .input
        state.conversationView.follow()
        setStatus("continuing from \(meta.requestedModel)'s answer; the \(others) other\(others == 1 ? "" : "s") stay in history"
                  + " (/compare turns compare mode back on)", .info, &state)
        return effects
    }

    /// Scrolls every column together; the end of the longest column is "follow". The pane makes the move when
    /// it draws (it knows how tall the columns are).
    static func scrollComparison(_ command: Command, _ state: inout AppState) {
        guard state.transcript.comparison != nil else { return }
        if let move = scrollMove(command) {
            state.conversationView.scrollComparison(move)
        } else {
            state.conversationView.followComparison()
        }
    }
}
