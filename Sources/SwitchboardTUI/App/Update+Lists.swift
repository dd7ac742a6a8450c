import Foundation

extension Updates {
    /// Entries a page move covers in the list on top: as many as it showed when last drawn.
    static func listPage(_ state: AppState) -> Int {
        state.overlays.last == .history ? state.historyList.page : state.pickerList.page
    }

    static func select(_ command: Command, _ state: inout AppState) -> [Effect] {
        if state.overlays.isEmpty && state.focusScope == .compare {
            selectColumn(by: command == .selectPrevious || command == .selectPagePrevious ? -1 : 1, &state)
            return []
        }
        if state.overlays.last == .tree { return selectTreeRow(command, &state) }
        if state.overlays.last == .tools { return selectTool(command, &state) }
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
        } else if state.overlays.last == .picker || state.focus == .picker {
            state.picker.move(by: delta)
        }
        return []
    }

    static func choose(_ state: inout AppState) -> [Effect] {
        if state.overlays.isEmpty && state.focusScope == .compare { return pickAnswer(&state) }
        if state.overlays.last == .tree { return jumpToTreeRow(&state) }
        if state.overlays.last == .history {
            guard let session = state.history.selected else { return [] }
            guard !state.isStreaming else {
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
        // The pane makes the move when it draws: only it knows how tall the entries are at its width.
        if let move = scrollMove(command) {
            state.conversationView.scroll(move)
        } else {
            state.conversationView.follow()
        }
        return []
    }

    /// The move a scroll key asks for; nil for End, which follows the end.
    static func scrollMove(_ command: Command) -> ScrollMove? {
        switch command {
        case .scrollUp: .lines(-1)
        case .scrollDown: .lines(1)
        case .wheelUp: .lines(-3)
        case .wheelDown: .lines(3)
        case .pageUp: .pages(-1)
        case .pageDown: .pages(1)
        case .scrollTop: .top
        default: nil
        }
    }
}
