import Foundation
import SwitchboardCore

extension Updates {
    /// Folds or unfolds the thinking of the reply in question: the selected compared answer, else the reply
    /// selected in the conversation, else the latest reply that thought.
    static func toggleThinking(_ state: inout AppState) -> [Effect] {
        let entry: TranscriptEntry?
        if let comparison = state.transcript.comparison, state.selectedReply == nil || state.focusScope == .compare {
            entry = comparison.columns[comparison.selection]
        } else if let id = state.selectedReply {
            entry = state.transcript.entry(id)
        } else {
            entry = state.transcript.entries.last { $0.reply != nil && !$0.thinking.isEmpty }
        }
        guard let entry, state.transcript.toggleThinking(of: entry.id) else {
            setStatus("no thinking to show: this reply came without any", .info, &state)
            return []
        }
        return []
    }
}
