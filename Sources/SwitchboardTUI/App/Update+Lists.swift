import Foundation

extension Updates {
    /// Rows a page move covers in the list on top.
    static func listPage(_ state: AppState) -> Int {
        state.overlays.last == .history ? HistoryBrowserView.capacity(for: state) : ModelPickerView.capacity(for: state)
    }

    static func select(_ command: Command, _ state: inout AppState) -> [Effect] {
        if state.overlays.isEmpty && state.focusScope == .compare {
            selectColumn(by: command == .selectPrevious || command == .selectPagePrevious ? -1 : 1, &state)
            return []
        }
        let page = listPage(state)
        let delta: Int
        switch command {
        case .selectPrevious: delta = -1
        case .selectNext: delta = 1
        case .selectPagePrevious: delta = -page
        default: delta = page
        }
        if state.overlays.last == .history {
            state.history.move(by: delta)
            state.history.keepSelectionVisible(height: HistoryBrowserView.capacity(for: state))
        } else if state.overlays.last == .picker || state.focus == .picker {
            state.picker.move(by: delta)
            state.picker.keepSelectionVisible(height: ModelPickerView.capacity(for: state))
        }
        return []
    }

    static func choose(_ state: inout AppState) -> [Effect] {
        if state.overlays.isEmpty && state.focusScope == .compare { return pickAnswer(&state) }
        if state.overlays.last == .history {
            guard let session = state.history.selected else { return [] }
            guard state.turns.isEmpty else {
                setStatus("a reply is still streaming: Ctrl-C cancels it first", .warning, &state)
                return []
            }
            state.overlays.removeLast()
            return [.loadSession(session.id)]
        }
        if state.overlays.last == .picker || state.focus == .picker, let entry = state.picker.selected {
            selectModel(entry, &state)
        }
        return []
    }

    static func historyCommand(_ command: Command, _ state: inout AppState) -> [Effect] {
        guard state.overlays.last == .history else { return [] }
        if command == .startSearch {
            state.history.mode = .search
            return []
        }
        guard let session = state.history.selected else { return [] }
        switch command {
        case .renameSession:
            state.overlays.append(.prompt(PromptState(purpose: .rename(sessionID: session.id), title: "Rename session",
                                                      text: session.title)))
            return []
        case .deleteSession:
            state.overlays.append(.confirm(ConfirmState(purpose: .deleteSession(id: session.id),
                                                        question: "Delete “\(session.title)” and all its messages? (y/n)")))
            return []
        case .exportSession:
            return [.exportSession(session.id, fileName: exportFileName(title: session.title, id: session.id))]
        default:
            return []
        }
    }

    /// Asks the store again for the list (or the search), under a new generation.
    static func reloadHistory(_ state: inout AppState) -> Effect {
        state.history.generation += 1
        state.history.loading = true
        state.history.selection = 0
        state.history.scroll = 0
        let query = state.history.query.trimmingCharacters(in: .whitespaces)
        return query.isEmpty ? .listSessions(generation: state.history.generation)
            : .searchSessions(query, generation: state.history.generation)
    }

    static func scroll(_ command: Command, _ state: inout AppState) -> [Effect] {
        if state.overlays.last == .help {
            let page = max(1, state.size.height - 6)
            switch command {
            case .scrollUp: state.helpScroll = max(0, state.helpScroll - 1)
            case .scrollDown: state.helpScroll += 1
            case .pageUp: state.helpScroll = max(0, state.helpScroll - page)
            case .pageDown: state.helpScroll += page
            default: break
            }
            return []
        }
        if case .why = state.overlays.last {
            scrollWhy(command, &state)
            return []
        }
        if state.transcript.comparison != nil {
            scrollComparison(command, &state)
            return []
        }
        let text = state.screen.transcriptText
        let entries = state.transcript.entries
        switch command {
        case .scrollTop:
            state.scroll = state.layout.atBottom(ScrollAnchor(entry: 0, line: 0), entries, width: text.width, height: text.height)
                ? nil : ScrollAnchor(entry: 0, line: 0)
        case .scrollBottom:
            state.scroll = nil
        default:
            let delta: Int
            switch command {
            case .scrollUp: delta = -1
            case .scrollDown: delta = 1
            case .wheelUp: delta = -3
            case .wheelDown: delta = 3
            case .pageUp: delta = -max(1, text.height - 1)
            default: delta = max(1, text.height - 1)
            }
            state.scroll = state.layout.move(state.scroll, by: delta, entries, width: text.width, height: text.height)
        }
        return []
    }
}
