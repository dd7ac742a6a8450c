import Foundation
import SwitchboardCore

/// The conversation tree in the workbench: versions of a reply or a prompt (←/→, </>), editing an earlier prompt
/// (`e`), regenerating a reply (`r`, `/regen`). The transcript always shows one path, the head's, and only that
/// path is sent to the model. The store keeps the tree; it is read back after each turn.
extension Updates {
    // MARK: Keeping the tree in step with the transcript

    /// After any action: once a turn has ended (the transcript has a newer entry than the tree knows) and nothing
    /// streams or awaits a pick, read the stored tree again.
    static func treeFollowUp(_ state: inout AppState) -> [Effect] {
        guard !state.isStreaming, state.transcript.comparison == nil, !state.tree.loading,
              let stored = state.session.stored, !state.transcript.isEmpty,
              state.tree.synced != TreeState.Sync(session: stored, lastEntry: state.transcript.entries.last?.id)
        else { return [] }
        state.tree.loading = true
        return [.loadTree(stored)]
    }

    /// A store failure while the tree was being read: not read again until the next turn (the error is shown).
    static func treeReadFailed(_ state: inout AppState) {
        guard state.tree.loading, let stored = state.session.stored else { return }
        state.tree.loading = false
        state.tree.synced = TreeState.Sync(session: stored, lastEntry: state.transcript.entries.last?.id)
    }

    /// The stored tree arrived: matched to the transcript when it is still of the session on screen.
    static func treeLoaded(_ loaded: LoadedSession, _ state: inout AppState) {
        state.tree.loading = false
        guard loaded.id == state.session.stored, !state.isStreaming else { return }
        adoptTree(loaded, &state)
    }

    /// Takes `loaded`'s tree and maps its path onto the transcript's messages, in order, marking each message that
    /// has other versions with `‹ n/m ›`.
    static func adoptTree(_ loaded: LoadedSession, _ state: inout AppState) {
        if !state.tree.isOf(loaded.id) { (state.tree.editing, state.tree.lastLeaf) = (nil, [:]) }
        let path = loaded.tree.headPath
        if let leaf = path.last?.id {
            for message in path { state.tree.lastLeaf[message.id] = leaf }
        }
        state.tree.tree = loaded.tree
        state.tree.loaded = loaded
        state.tree.messageOfEntry = [:]
        state.tree.synced = TreeState.Sync(session: loaded.id, lastEntry: state.transcript.entries.last?.id)
        let shownPath = loaded.messages.filter { $0.role == .user || $0.role == .assistant }
        let shown = state.transcript.entries.filter { entry in
            if case .user = entry.kind { true } else { entry.reply != nil }
        }
        var pairs = Array(zip(shown, shownPath))
        // Only as far as both agree on who spoke.
        if let mismatch = pairs.firstIndex(where: { ($0.0.reply == nil) != ($0.1.role == .user) }) {
            pairs.removeSubrange(mismatch...)
        }
        for (entry, message) in pairs { state.tree.messageOfEntry[entry.id] = message.id }
        let tree = state.tree.tree
        for entry in shown {
            let branch = state.tree.messageOfEntry[entry.id].flatMap { branchMark(for: $0, in: tree) }
            // Only a changed mark is written: finding an entry by id is a search, and most never change.
            if entry.branch != branch { state.transcript.setBranch(of: entry.id, branch) }
        }
    }

    static func branchMark(for message: MessageID, in tree: ConversationTree) -> BranchMark? {
        let siblings = tree.siblings(of: message)
        guard siblings.count > 1, let index = siblings.firstIndex(where: { $0.id == message }) else { return nil }
        return BranchMark(position: index + 1, count: siblings.count)
    }

    // MARK: Which message a key acts on

    /// The selected reply, else the latest.
    static func targetReply(_ state: AppState) -> TranscriptEntry? {
        if let id = state.selectedReply, let entry = state.transcript.entry(id), entry.reply != nil { return entry }
        return state.transcript.entries.last { $0.reply != nil }
    }

    /// The prompt above the selected reply, else the latest prompt.
    static func targetPrompt(_ state: AppState) -> TranscriptEntry? {
        let entries = state.transcript.entries
        let end = state.selectedReply.flatMap { state.transcript.index(of: $0) } ?? entries.count
        return entries[..<min(end, entries.count)].last { if case .user = $0.kind { true } else { false } }
    }

    /// Why a tree key cannot act now, or nil when it can.
    static func treeUnavailable(_ state: AppState) -> String? {
        if state.isStreaming { return "a reply is still streaming: wait for it, or Ctrl-C to cancel it" }
        if state.transcript.comparison != nil { return "pick the answer to continue from first: ←/→ and Enter" }
        if state.session.stored == nil { return "nothing stored yet: versions need the history (send a message first)" }
        if !state.tree.isOf(state.session.stored) || state.tree.loading { return "the history is still being read: try again" }
        return nil
    }

    /// The stored message behind `entry`, or a status saying why there is none.
    static func storedMessage(_ entry: TranscriptEntry, _ state: inout AppState) -> StoredMessage? {
        if let reason = treeUnavailable(state) {
            setStatus(reason, .warning, &state)
            return nil
        }
        guard let id = state.tree.messageOfEntry[entry.id], let message = state.tree.tree.message(id) else {
            setStatus("this message is not in the history (it was not saved)", .warning, &state)
            return nil
        }
        return message
    }

    // MARK: Versions

    /// ←/→ (a reply) and </> (the prompt above it): the previous or next version, and the branch below it where it
    /// was left. The head moves there, in the store too.
    static func moveVersion(by delta: Int, prompt: Bool, _ state: inout AppState) -> [Effect] {
        guard let entry = prompt ? targetPrompt(state) : targetReply(state) else {
            setStatus(prompt ? "no prompt yet" : "no reply yet", .warning, &state)
            return []
        }
        guard let message = storedMessage(entry, &state) else { return [] }
        let tree = state.tree.tree
        let siblings = tree.siblings(of: message.id)
        guard siblings.count > 1, let index = siblings.firstIndex(where: { $0.id == message.id }) else {
            setStatus(prompt ? "this prompt has no other versions: e edits it into one"
                             : "this reply has no other versions: r regenerates it, /regen MODEL with another model",
                      .info, &state)
            return []
        }
        let target = index + delta
        guard siblings.indices.contains(target) else {
            setStatus("\(delta < 0 ? "first" : "last") version (\(index + 1)/\(siblings.count))", .info, &state)
            return []
        }
        let chosen = siblings[target]
        let effects = showPath(to: leaf(under: chosen.id, state.tree), selecting: chosen.id, &state)
        setStatus("version \(target + 1)/\(siblings.count)" + (chosen.model.map { " · \($0)" } ?? ""), .info, &state)
        return effects
    }

    /// Where to continue below `message`: where its branch was last left, else its most recent message.
    static func leaf(under message: MessageID, _ tree: TreeState) -> MessageID {
        tree.lastLeaf[message].flatMap { tree.tree.message($0)?.id } ?? tree.tree.leaf(under: message)
    }

    /// Shows the path from the first message to `leaf` (from the tree in memory), selects the reply at or after
    /// `selecting`, and makes `leaf` the head in the store. What the person chose for the next turn (model, drafts,
    /// spend so far) stays as it was.
    static func showPath(to leaf: MessageID, selecting: MessageID?, _ state: inout AppState) -> [Effect] {
        guard var loaded = state.tree.loaded else { return [] }
        let tree = ConversationTree(messages: state.tree.tree.messages, head: leaf)
        let kept = (model: state.model, prompts: state.promptHistory, stats: state.stats, focus: state.focus,
                    input: state.input, attachments: state.attachments, task: state.task)
        (loaded.messages, loaded.comparison, loaded.tree) = (tree.headPath, [], tree)
        _ = resume(loaded, &state)
        (state.model, state.promptHistory, state.stats, state.focus) = (kept.model, kept.prompts, kept.stats, kept.focus)
        (state.input, state.attachments, state.task) = (kept.input, kept.attachments, kept.task)
        state.picker.select(state.model)
        adoptTree(loaded, &state)
        if let selecting, let entry = state.tree.entry(showing: selecting),
           let index = state.transcript.index(of: entry) {
            let entries = state.transcript.entries
            let reply = entries[index...].first { $0.reply != nil } ?? entries[index]
            state.selectedReply = reply.reply == nil ? nil : reply.id
            state.conversationView.scroll(.reveal(entry: state.transcript.index(of: reply.id) ?? index))
        }
        return [.moveHead(session: loaded.id, to: leaf)]
    }

    // MARK: Edit

    /// `e`: the prompt above the selected reply (the latest if none) opens in the message box, its files as chips;
    /// sending it stores a new version beside it and continues from there.
    static func startEdit(_ state: inout AppState) -> [Effect] {
        guard let entry = targetPrompt(state) else {
            setStatus("no prompt to edit yet", .warning, &state)
            return []
        }
        guard let message = storedMessage(entry, &state) else { return [] }
        if !state.input.isEmpty { state.promptHistory.record(state.input.text) }  // Up brings the draft back
        state.tree.editing = TreeState.EditTarget(entryID: entry.id, message: message.id)
        state.input = TextEditor(entry.text)
        state.attachments = entry.attachments
        state.focus = .input
        setStatus("editing your message: Enter sends it as a new version (the old one stays, < > moves between them);"
                  + " Ctrl-C drops the edit", .info, &state)
        return []
    }

    /// The edit being sent, when it is still the message on screen.
    /// Found by its stored message: the path may have been shown again (new entries) since the edit began.
    static func pendingEdit(_ state: AppState) -> (target: TreeState.EditTarget, index: Int)? {
        guard let target = state.tree.editing, state.tree.isOf(state.session.stored),
              let entry = state.tree.entry(showing: target.message),
              let index = state.transcript.index(of: entry) else { return nil }
        return (target, index)
    }

    /// Sending an edit: the transcript goes back to just before the edited prompt, the new version joins it and
    /// its turn starts; the store keeps it beside the old one.
    static func sendEdit(_ prompt: String, models: [String], refs: [ModelRef], _ state: inout AppState) -> [Effect] {
        guard let (target, index) = pendingEdit(state) else {
            // Not sent as something else: the draft stays until the prompt is on screen again or the edit dropped.
            state.input = TextEditor(prompt)
            setStatus("the message you are editing is not on the path shown: < / > brings it back, Ctrl-C drops the edit",
                      .warning, &state)
            return []
        }
        state.tree.editing = nil
        state.transcript.truncate(from: index)
        state.selectedReply = nil
        forgetEntriesDropped(&state)
        return startTurns(prompt, models: models, refs: refs, &state).map { effect in
            guard case .persistUserMessage(let session, let turn, let text, let model, let task, let attachments) = effect else {
                return effect
            }
            return .persistEditedPrompt(session: session, turn: turn, text: text, model: model, task: task,
                                        attachments: attachments, siblingOf: target.message)
        }
    }

    /// After the transcript was cut back: only entries still shown keep their stored message.
    static func forgetEntriesDropped(_ state: inout AppState) {
        let shown = Set(state.transcript.entries.map(\.id))
        state.tree.messageOfEntry = state.tree.messageOfEntry.filter { shown.contains($0.key) }
    }

    // MARK: Regenerate

    /// `r` (the same model) and `/regen MODEL[,MODEL…]`: another answer to the prompt of the selected reply (the
    /// latest if none). One model streams in its place; two or more open the compare columns.
    static func regenerate(with models: [String]?, _ state: inout AppState) -> [Effect] {
        guard let entry = targetReply(state), let meta = entry.reply else {
            setStatus("no reply to regenerate yet", .warning, &state)
            return []
        }
        guard let message = storedMessage(entry, &state) else { return [] }
        guard let prompt = message.parentID.flatMap(state.tree.tree.message), let promptTurn = prompt.turnID,
              let session = state.session.stored else {
            setStatus("this reply's prompt is not in the history: it cannot be regenerated", .warning, &state)
            return []
        }
        var unique: [String] = []
        for model in models ?? [meta.requestedModel] where !unique.contains(model) { unique.append(model) }
        guard !unique.isEmpty else {
            setStatus("/regen needs a model, e.g. /regen demo/pro or /regen demo/mini,demo/pro", .warning, &state)
            return []
        }
        let refs: [ModelRef]
        do {
            refs = try unique.map { try ModelRef(parsing: $0) }
        } catch {
            setStatus("\(error)", .error, &state)
            return []
        }
        guard let index = state.transcript.index(of: entry.id) else { return [] }
        state.transcript.truncate(from: index)
        forgetEntriesDropped(&state)
        state.selectedReply = nil
        let messages = state.conversationToSend
        let turnIDs = unique.map { _ in UUID() }
        let replies = zip(unique, turnIDs).map { ReplyMeta(requestedModel: $0, turnID: $1) }
        let entryIDs = unique.count == 1
            ? [state.transcript.append(.assistant(replies[0]), text: "")]
            : state.transcript.startComparison(replies)
        let promptTokens = TokenEstimator.estimate(messages)
        state.turns = zip(zip(turnIDs, entryIDs), unique).map { ids, model in
            TurnInFlight(id: ids.0, promptTurn: promptTurn, entryID: ids.1, model: model, promptTokens: promptTokens)
        }
        state.conversationView.follow()
        state.focus = unique.count == 1 ? .input : .transcript
        let applyRules: Bool? = refs.count > 1 ? false : state.task != nil ? true : nil
        let requests = zip(turnIDs, refs).map { turnID, ref in
            TurnRequest(id: turnID, messages: messages, model: ref, temperature: state.role.temperature,
                        options: state.turnOptions, task: state.task,
                        applyRules: applyRules)
        }
        if let only = requests.first, requests.count == 1 {
            setStatus("regenerating with \(unique[0]): the earlier answer stays as a version (←/→)", .info, &state)
            return [.startRegeneration(session: state.session, only, promptTurn: promptTurn)]
        }
        setStatus("regenerating with \(unique.joined(separator: ", ")): pick one to continue from", .info, &state)
        // The columns answer the prompt, which is the head until one is picked; the store keeps which replies are
        // the columns, so a restart does not bring the earlier answer back among them.
        return [.openColumns(session: session, answering: prompt.id)]
            + requests.map { .startTurn(session: state.session, $0, promptTurn: promptTurn) }
    }
}

extension Updates {
    /// The conversation pane's tree keys.
    static func treeCommand(_ command: Command, _ state: inout AppState) -> [Effect] {
        switch command {
        case .previousVersion: moveVersion(by: -1, prompt: false, &state)
        case .nextVersion: moveVersion(by: 1, prompt: false, &state)
        case .previousPromptVersion: moveVersion(by: -1, prompt: true, &state)
        case .nextPromptVersion: moveVersion(by: 1, prompt: true, &state)
        case .editPrompt: startEdit(&state)
        case .regenerate: regenerate(with: nil, &state)
        default: []
        }
    }
}

extension Updates {
    // MARK: The tree window

    /// `/tree`: the whole session as a tree, the head's message selected.
    static func openTree(_ state: inout AppState) -> [Effect] {
        if let reason = treeUnavailable(state) {
            setStatus(reason, .warning, &state)
            return []
        }
        let outline = state.tree.tree.outline
        state.tree.selection = outline.lastIndex { $0.onPath } ?? 0
        state.overlays.removeAll { $0 == .tree || $0 == .help }
        state.overlays.append(.tree)
        return []
    }

    /// ↑/↓ and pages in the tree window.
    static func selectTreeRow(_ command: Command, _ state: inout AppState) -> [Effect] {
        let count = state.tree.tree.messages.count
        guard count > 0 else { return [] }
        let page = max(1, TreeOverlayView.box(for: state).height - 3)
        let delta = switch command {
        case .selectPrevious: -1
        case .selectNext: 1
        case .selectPagePrevious: -page
        default: page
        }
        state.tree.selection = min(max(0, state.tree.selection + delta), count - 1)
        return []
    }

    /// Enter in the tree window: the conversation through the selected message, continued where that branch was
    /// left; the window closes.
    static func jumpToTreeRow(_ state: inout AppState) -> [Effect] {
        let outline = state.tree.tree.outline
        guard outline.indices.contains(state.tree.selection) else { return [] }
        if let reason = treeUnavailable(state) {
            setStatus(reason, .warning, &state)
            return []
        }
        let target = outline[state.tree.selection].message
        let effects = showPath(to: leaf(under: target.id, state.tree), selecting: target.id, &state)
        state.overlays.removeAll { $0 == .tree }
        setStatus("jumped to " + (target.role == .user ? "your message" : "\(target.model ?? "the") reply")
                  + " (\(state.transcript.entries.filter(\.isMessage).count) messages on this path)", .info, &state)
        return effects
    }
}
