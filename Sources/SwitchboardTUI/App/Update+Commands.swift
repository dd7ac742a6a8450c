import Foundation
import SwitchboardCore

extension Updates {
    static func command(_ command: Command, _ state: inout AppState) -> [Effect] {
        switch command {
        case .interrupt:
            if state.isStreaming { return cancel(&state) }
            if !state.input.isEmpty { return clearDraft(&state) }
            return quit(&state)
        case .quit:
            return quit(&state)
        case .redraw:
            return [.repaint]
        case .toggleHelp:
            if state.overlays.last == .help { state.overlays.removeLast() } else { state.overlays.append(.help); state.helpScroll = 0 }
            return []
        case .openPicker:
            return openPicker(&state)
        case .openHistory:
            if state.overlays.last == .history {
                state.overlays.removeLast()
                return []
            }
            state.overlays.removeAll { $0 == .history || $0 == .picker || $0 == .help }
            state.overlays.append(.history)
            state.history.mode = .list
            state.history.query = ""
            state.history.selection = 0
            return [reloadHistory(&state)]
        case .focusNext, .focusPrevious:
            let panes: [Pane] = state.isWide ? [.picker, .transcript, .input] : [.transcript, .input]
            let current = panes.firstIndex(of: state.focus) ?? panes.count - 1
            let step = command == .focusNext ? 1 : panes.count - 1
            state.focus = panes[(current + step) % panes.count]
            return []
        case .newSession:
            return newSession(&state)
        case .copyCodeBlock:
            let count = state.transcript.codeBlockCount
            if count == 0 {
                setStatus("no code blocks in this session yet", .warning, &state)
                return []
            }
            if count == 1 { return copyBlock(1, &state) }
            state.overlays.append(.prompt(PromptState(purpose: .copyBlock, title: "Copy code block # (1–\(count), Enter = last)")))
            return []
        case .back:
            return back(&state)
        case .showWhy:
            return showWhy(&state)
        case .toggleThinking:
            return toggleThinking(&state)
        case .dropAttachments:
            return dropAttachments(&state)
        case .copyReply:
            return copyReply(&state)
        case .previousReply, .nextReply:
            selectReply(by: command == .previousReply ? -1 : 1, &state)
            return []
        case .previousVersion, .nextVersion, .previousPromptVersion, .nextPromptVersion, .editPrompt, .regenerate:
            return treeCommand(command, &state)
        case .focusInput:
            state.focus = .input
            return []
        case .send:
            return send(&state)
        case .insertNewline, .deleteBackward, .deleteForward, .deleteWordBackward, .deleteWordForward, .killToLineEnd,
             .killToLineStart, .moveLeft, .moveRight, .moveWordLeft, .moveWordRight, .moveLineStart, .moveLineEnd,
             .moveUp, .moveDown:
            return edit(command, &state)
        case .scrollUp, .scrollDown, .pageUp, .pageDown, .scrollTop, .scrollBottom, .wheelUp, .wheelDown:
            return scroll(command, &state)
        case .selectPrevious, .selectNext, .selectPagePrevious, .selectPageNext:
            return select(command, &state)
        case .choose:
            return choose(&state)
        case .renameSession, .deleteSession, .exportSession, .startSearch:
            return historyCommand(command, &state)
        case .confirm:
            return confirm(&state)
        case .decline:
            if case .confirm = state.overlays.last { state.overlays.removeLast() }
            return []
        case .approveToolOnce, .approveToolAlways, .refuseTool, .refuseToolWithReason, .toggleToolResults, .toggleTool:
            return toolCommand(command, &state)
        }
    }

    /// Cancels every turn in flight (each keeps its partial answer).
    static func cancel(_ state: inout AppState) -> [Effect] {
        var effects: [Effect] = []
        for index in state.turns.indices where !state.turns[index].cancelRequested {
            state.turns[index].cancelRequested = true
            effects.append(.cancelTurn(state.turns[index].id))
        }
        effects += cancelToolLoops(&state)
        if !effects.isEmpty { setStatus("cancelling…", .info, &state) }
        return effects
    }

    /// Ctrl-C with an unsent draft: a typed message is not thrown away by a reflex. The draft goes into prompt
    /// history (Up brings it back) and the next Ctrl-C, with the box empty, quits.
    static func clearDraft(_ state: inout AppState) -> [Effect] {
        state.promptHistory.record(state.input.text)
        state.input = TextEditor()
        state.focus = .input
        if state.tree.editing != nil {
            state.tree.editing = nil
            state.attachments = []
            setStatus("edit dropped — Ctrl-C again to quit", .info, &state)
            return []
        }
        setStatus("draft cleared — Ctrl-C again to quit", .info, &state)
        return []
    }

    /// Quits at once when idle; with a reply in flight, cancels it and quits once its partial answer is stored.
    static func quit(_ state: inout AppState) -> [Effect] {
        state.quitRequested = true
        if state.isStreaming { return cancel(&state) }
        return [.quit]
    }

    static func openPicker(_ state: inout AppState) -> [Effect] {
        if state.isWide {
            if state.focus == .picker && state.overlays.isEmpty {
                state.focus = .input
            } else {
                state.overlays.removeAll()
                state.focus = .picker
            }
        } else if state.overlays.last == .picker {
            state.overlays.removeLast()
        } else {
            state.overlays.removeAll { $0 == .picker || $0 == .help }
            state.overlays.append(.picker)
        }
        if state.picker.filter.isEmpty {
            state.picker.select(state.model)
        }
        return []
    }

    /// Esc: closes or clears whatever is on top; cancels a reply in flight when nothing else is.
    static func back(_ state: inout AppState) -> [Effect] {
        if let overlay = state.overlays.last {
            switch overlay {
            case .picker:
                if !state.picker.filter.isEmpty { state.picker.setFilter("") } else { state.overlays.removeLast() }
            case .history:
                if !state.history.query.isEmpty {
                    state.history.query = ""
                    state.history.mode = .list
                    return [reloadHistory(&state)]
                }
                if state.history.mode == .search { state.history.mode = .list } else { state.overlays.removeLast() }
            case .help, .prompt, .confirm, .why, .tree, .tools:
                state.overlays.removeLast()
            }
            return []
        }
        if state.focus == .picker {
            if !state.picker.filter.isEmpty { state.picker.setFilter("") } else { state.focus = .input }
            return []
        }
        if state.isStreaming { return cancel(&state) }
        if state.focus == .transcript {
            if state.selectedReply != nil { state.selectedReply = nil } else { state.focus = .input }
        }
        return []
    }

    static func confirm(_ state: inout AppState) -> [Effect] {
        guard let overlay = state.overlays.last else { return [] }
        switch overlay {
        case .prompt(let prompt):
            state.overlays.removeLast()
            switch prompt.purpose {
            case .rename(let id):
                let title = prompt.editor.text.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !title.isEmpty else { return [] }
                return [.renameSession(id, title: title)]
            case .copyBlock:
                let text = prompt.editor.text.trimmingCharacters(in: .whitespaces)
                let count = state.transcript.codeBlockCount
                guard let number = text.isEmpty ? count : Int(text), (1...count).contains(number) else {
                    setStatus("no code block #\(text): there are \(count)", .warning, &state)
                    return []
                }
                return copyBlock(number, &state)
            case .refuseTool:
                let reason = prompt.editor.text.trimmingCharacters(in: .whitespacesAndNewlines)
                return answerWaitingCall(.refuse(reason: reason.isEmpty ? nil : reason), &state)
            }
        case .confirm(let question):
            state.overlays.removeLast()
            switch question.purpose {
            case .deleteSession(let id): return [.deleteSession(id)]
            }
        default:
            return []
        }
    }

    static func copyBlock(_ number: Int, _ state: inout AppState) -> [Effect] {
        guard let block = state.transcript.codeBlock(number) else {
            setStatus("no code block #\(number)", .warning, &state)
            return []
        }
        return clipboard(block.code, what: "code block #\(number)", &state)
    }
}
