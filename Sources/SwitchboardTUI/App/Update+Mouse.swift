import Foundation
import SwitchboardCore

/// A click focuses the pane under it and acts on what is there: a model in the picker is chosen, a reply in the
/// conversation is selected (as `p`/`n` select one), a compared answer's column is selected. Where things are is
/// known from the layout and from what the panes kept of their last frame, so `update` measures nothing.
extension Updates {
    static func click(_ click: MouseEvent, _ state: inout AppState) -> [Effect] {
        if let overlay = state.overlays.last {
            // Only the picker window takes clicks; a click elsewhere under any window does nothing.
            if overlay == .picker, let inner = pickerWindowList(state), inner.contains(x: click.x, y: click.y) {
                pickModel(atRow: click.y, in: inner, &state)
            }
            return []
        }
        let screen = state.screen
        if let picker = screen.picker, picker.contains(x: click.x, y: click.y) {
            state.focus = .picker
            pickModel(atRow: click.y, in: picker, &state)
        } else if screen.conversation.contains(x: click.x, y: click.y) {
            state.focus = .transcript
            if let comparison = state.transcript.comparison {
                if let column = CompareView.column(atX: click.x, in: screen.conversation, columns: comparison.columns.count,
                                                   selection: comparison.selection) {
                    state.transcript.comparison?.selection = column
                }
            } else {
                selectReply(atRow: click.y - screen.conversation.y, &state)
            }
        } else if screen.input.contains(x: click.x, y: click.y) {
            state.focus = .input
        }
        return []
    }

    /// The list area of the narrow screen's picker window, as `WorkbenchView` draws it.
    private static func pickerWindowList(_ state: AppState) -> Rect? {
        let body = Rect(x: 0, y: 1, width: state.size.width, height: state.size.height - 2)
        let rect = body.centered(width: min(110, body.width), height: body.height)
        guard rect.width >= 2, rect.height >= 2 else { return nil }
        return Rect(x: rect.x + 2, y: rect.y + 1, width: rect.width - 4, height: rect.height - 2)
    }

    /// Chooses the model drawn at row `y` of the picker in `rect` (as Enter on it would).
    private static func pickModel(atRow y: Int, in rect: Rect, _ state: inout AppState) {
        guard let row = ModelPickerView.visibleIndex(atRow: y, in: rect, offset: state.pickerList.offset,
                                                      count: state.picker.visible.count) else { return }
        state.picker.move(by: row - state.picker.selection)
        if let entry = state.picker.selected { selectModel(entry, &state) }
    }

    /// Selects the reply drawn on `row` of the conversation pane at the last frame (a click on a prompt, a
    /// divider or empty space clears the selection).
    private static func selectReply(atRow row: Int, _ state: inout AppState) {
        let shown = state.conversationView.shownEntries
        guard shown.indices.contains(row), let entry = state.transcript.entry(shown[row]), entry.reply != nil else {
            state.selectedReply = nil
            return
        }
        state.selectedReply = entry.id
    }
}
