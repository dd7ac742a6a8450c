import Foundation
import SwitchboardCore

/// `y`: the selected reply (the latest when none is selected; the selected column among compared answers) goes to
/// the clipboard through the terminal (OSC 52), cut to `Clipboard.limit` with the status line saying so.
extension Updates {
    static func copyReply(_ state: inout AppState) -> [Effect] {
        let entry: TranscriptEntry?
        if let comparison = state.transcript.comparison, state.focusScope == .compare {
            entry = comparison.columns.indices.contains(comparison.selection) ? comparison.columns[comparison.selection] : nil
        } else if let selected = state.selectedReply {
            entry = state.transcript.entry(selected)
        } else {
            entry = state.transcript.entries.last { $0.reply != nil && !$0.text.isEmpty }
        }
        guard let entry, let reply = entry.reply else {
            setStatus("no reply to copy yet", .warning, &state)
            return []
        }
        guard !entry.text.isEmpty else {
            setStatus("this reply has no text to copy", .warning, &state)
            return []
        }
        let model = reply.route?.model ?? reply.requestedModel
        return clipboard(entry.text, what: "the reply of \(model)", &state)
    }

    /// The copy effect for `text`, capped, with the status line saying what went and whether it was cut.
    static func clipboard(_ text: String, what: String, _ state: inout AppState) -> [Effect] {
        let (copied, cut) = Clipboard.capped(text)
        let lines = copied.split(separator: "\n", omittingEmptySubsequences: false).count
        if cut {
            setStatus("copied the first \(Clipboard.size(copied.utf8.count)) of \(what) (\(Clipboard.size(text.utf8.count))): "
                      + "terminals refuse longer clipboard writes", .warning, &state)
        } else {
            setStatus("copied \(what) (\(lines) line\(lines == 1 ? "" : "s"), \(Clipboard.size(copied.utf8.count))) "
                      + "to the clipboard", .info, &state)
        }
        return [.copyToClipboard(copied)]
    }
}
