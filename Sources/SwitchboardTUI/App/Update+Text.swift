import Foundation

extension Updates {
    /// Printable keys go to whatever takes text: a prompt, the history search, the picker filter, the input box.
    static func typeText(_ text: String, _ state: inout AppState) -> [Effect] {
        if let overlay = state.overlays.last {
            switch overlay {
            case .picker:
                state.picker.setFilter(state.picker.filter + text)
            case .history:
                state.history.mode = .search
                state.history.query += text
                return [reloadHistory(&state)]
            case .prompt(var prompt):
                prompt.editor.insert(text)
                state.overlays[state.overlays.count - 1] = .prompt(prompt)
            case .help, .confirm, .why, .tree, .tools:
                break
            }
            return []
        }
        switch state.focus {
        case .picker:
            state.picker.setFilter(state.picker.filter + text)
        case .transcript, .input:
            state.focus = .input
            state.input.insert(text)
            state.promptHistory.reset()
        }
        return []
    }

    /// A paste lands in one piece; single-line targets get its newlines as spaces. A paste into the message box
    /// that reads as a file path is attached instead (when a file is there; else it lands as text).
    static func paste(_ text: String, _ state: inout AppState, lookForPath: Bool = true) -> [Effect] {
        let targetIsInput = state.overlays.isEmpty && state.focus != .picker
        if targetIsInput, lookForPath, let path = PastedPath.path(in: text) {
            state.focus = .input
            return [.readAttachment(path: path, pasted: text)]
        }
        if targetIsInput {
            state.focus = .input
            state.input.insert(text)
            state.promptHistory.reset()
            return []
        }
        let oneLine = text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
        return typeText(oneLine, &state)
    }

    static let modifying: Set<Command> = [.insertNewline, .deleteBackward, .deleteForward, .deleteWordBackward,
                                          .deleteWordForward, .killToLineEnd, .killToLineStart]

    /// Editing commands: in the input box all of them; in single-line targets only deleting backwards.
    static func edit(_ command: Command, _ state: inout AppState) -> [Effect] {
        if let overlay = state.overlays.last {
            guard command == .deleteBackward else { return [] }
            switch overlay {
            case .picker:
                state.picker.setFilter(String(state.picker.filter.dropLast()))
            case .history:
                state.history.query = String(state.history.query.dropLast())
                if state.history.query.isEmpty { state.history.mode = .list }
                return [reloadHistory(&state)]
            case .prompt(var prompt):
                prompt.editor.deleteBackward()
                state.overlays[state.overlays.count - 1] = .prompt(prompt)
            case .help, .confirm, .why, .tree, .tools:
                break
            }
            return []
        }
        if state.focus == .picker {
            if command == .deleteBackward { state.picker.setFilter(String(state.picker.filter.dropLast())) }
            return []
        }
        var editor = state.input
        switch command {
        case .insertNewline: editor.insertNewline()
        case .deleteBackward: editor.deleteBackward()
        case .deleteForward: editor.deleteForward()
        case .deleteWordBackward: editor.deleteWordBackward()
        case .deleteWordForward: editor.deleteWordForward()
        case .killToLineEnd: editor.killToLineEnd()
        case .killToLineStart: editor.killToLineStart()
        case .moveLeft: editor.moveLeft()
        case .moveRight: editor.moveRight()
        case .moveWordLeft: editor.moveWordLeft()
        case .moveWordRight: editor.moveWordRight()
        case .moveLineStart: editor.moveLineStart()
        case .moveLineEnd: editor.moveLineEnd()
        case .moveUp:
            if !editor.moveUp(), let earlier = state.promptHistory.previous(current: editor.text) {
                editor.set(earlier)
            }
        case .moveDown:
            if !editor.moveDown(), let later = state.promptHistory.next() {
                editor.set(later)
            }
        default:
            break
        }
        if modifying.contains(command) { state.promptHistory.reset() }
        state.input = editor
        state.focus = .input
        return []
    }
}
