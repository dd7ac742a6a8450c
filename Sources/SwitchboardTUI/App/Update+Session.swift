import Foundation
import SwitchboardCore

extension Updates {
    /// Enter: the user's message joins the transcript, is committed to the store, and its turn starts with the
    /// whole conversation (re-encoded by the engine for whichever provider serves the current model). In compare
    /// mode it goes to every compared model at once. A line starting with `/` is a workbench command.
    static func send(_ state: inout AppState) -> [Effect] {
        let text = state.input.text
        let blank = text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        // Attached files alone make a message (a screenshot says what it is about).
        guard !blank || !state.attachments.isEmpty else { return [] }
        guard !state.isStreaming else {
            setStatus("a reply is still streaming: wait for it, or Ctrl-C to cancel it", .warning, &state)
            return []
        }
        if let command = SlashCommand(parsing: text) {
            if case .unknown = command { return run(command, &state) }  // keep the draft to fix
            if case .attach(let path) = command, !path.isEmpty, path != "clear" {
                // The line stays until the file is read: a wrong path is fixed rather than retyped.
                state.promptHistory.record(text)
                return run(command, &state)
            }
            state.promptHistory.record(text)
            state.input.clear()
            return run(command, &state)
        }
        let prompt = text.hasPrefix("//") ? String(text.dropFirst()) : text
        guard state.transcript.comparison == nil else {
            setStatus("pick the answer to continue from first: ←/→ and Enter in the answers pane", .warning, &state)
            state.focus = .transcript
            return []
        }
        let models = state.compareModels.isEmpty ? [state.model] : state.compareModels
        let refs: [ModelRef]
        do {
            refs = try models.map { try ModelRef(parsing: $0) }
        } catch {
            setStatus("\(error)", .error, &state)
            return []
        }
        // A turn that would fill too much of the window is preceded by a compaction (`[context] auto_compact_at`).
        if let effects = autoCompact(before: models, &state) { return effects }
        if !blank { state.promptHistory.record(text) }
        state.input.clear()
        if state.tree.editing != nil { return sendEdit(blank ? "" : prompt, models: models, refs: refs, &state) }
        return startTurns(blank ? "" : prompt, models: models, refs: refs, &state)
    }

    /// The prompt joins the transcript and one turn starts per model: a single reply, or the columns of a
    /// comparison that all answer the prompt committed under the first column's turn.
    static func startTurns(_ prompt: String, models: [String], refs: [ModelRef], _ state: inout AppState) -> [Effect] {
        let attachments = state.attachments
        state.transcript.append(.user, text: prompt, attachments: attachments)
        state.attachments = []
        let messages = state.conversationToSend
        let turnIDs = models.map { _ in UUID() }
        let replies = zip(models, turnIDs).map { ReplyMeta(requestedModel: $0, turnID: $1) }
        let entryIDs = models.count == 1
            ? [state.transcript.append(.assistant(replies[0]), text: "")]
            : state.transcript.startComparison(replies)
        let promptTurn = turnIDs[0]
        let promptTokens = TokenEstimator.estimate(messages)
        state.turns = zip(zip(turnIDs, entryIDs), models).map { ids, model in
            TurnInFlight(id: ids.0, promptTurn: promptTurn, entryID: ids.1, model: model, promptTokens: promptTokens)
        }
        if state.sessionTitle == nil {
            state.sessionTitle = prompt.isEmpty ? attachments.first.map { title(from: $0.name) } : title(from: prompt)
        }
        state.conversationView.follow()
        state.focus = models.count == 1 ? .input : .transcript
        var effects: [Effect] = [.persistUserMessage(session: state.session, turn: promptTurn, text: prompt,
                                                     model: state.model, task: state.task,
                                                     attachments: attachments.map(\.part))]
        // A task tag asks for task routing, so its rules apply even to a chosen model; compared models answer as
        // asked, since the rules would send every column to the same route.
        let applyRules: Bool? = refs.count > 1 ? false : state.task != nil ? true : nil
        for (turnID, ref) in zip(turnIDs, refs) {
            let request = TurnRequest(id: turnID, messages: messages, model: ref, temperature: state.role.temperature,
                                      options: state.turnOptions,
                                      task: state.task, applyRules: applyRules)
            // A single reply offers the configured tools; compared answers stay plain replies.
            effects.append(refs.count == 1 && state.tools.available
                           ? .startToolTurn(session: state.session, request, promptTurn: promptTurn)
                           : .startTurn(session: state.session, request, promptTurn: promptTurn))
        }
        return effects + persistPendingRole(&state)
    }

    /// A session title from its first prompt: the first line, at most 60 characters.
    static func title(from prompt: String) -> String {
        let firstLine = prompt.split(whereSeparator: \.isNewline).first.map(String.init) ?? prompt
        let trimmed = firstLine.trimmingCharacters(in: .whitespaces)
        return trimmed.count > 60 ? String(trimmed.prefix(59)) + "…" : trimmed
    }

    static func newSession(_ state: inout AppState) -> [Effect] {
        guard !state.isStreaming else {
            setStatus("a reply is still streaming: Ctrl-C cancels it first", .warning, &state)
            return []
        }
        state.session = SessionRef()
        state.sessionTitle = nil
        state.transcript = Transcript(after: state.transcript)
        state.selectedReply = nil
        state.task = nil
        newSessionRole(&state)
        state.conversationView.follow()
        let stored = state.stats.stored, since = state.stats.sinceSnapshot, providers = state.stats.providers
        state.stats = SessionStats()
        (state.stats.stored, state.stats.sinceSnapshot, state.stats.providers) = (stored, since, providers)
        state.overlays.removeAll()
        state.focus = .input
        setStatus("new session", .info, &state)
        return []
    }

    /// Makes the next turn use `entry`; a divider marks the switch in the transcript.
    static func selectModel(_ entry: PickerEntry, _ state: inout AppState) {
        let previous = state.model
        state.model = entry.id
        state.overlays.removeAll { $0 == .picker }
        state.focus = .input
        state.picker.setFilter("")
        state.picker.select(entry.id)
        guard previous != entry.id else { return }
        if !state.transcript.isEmpty { state.transcript.append(.divider, text: "switched to \(entry.id)") }
        if entry.available {
            setStatus("the next turn uses \(entry.id)", .info, &state)
        } else {
            setStatus("\(entry.id): no provider for it has a key yet (see `switchboard models`)", .warning, &state)
        }
    }

    /// Replaces the transcript with a stored session.
    static func resume(_ session: LoadedSession, _ state: inout AppState) -> [Effect] {
        guard !state.isStreaming else {
            setStatus("a reply is still streaming: Ctrl-C cancels it first", .warning, &state)
            return []
        }
        var transcript = Transcript(after: state.transcript)
        var stats = SessionStats.stored(from: session)
        (stats.stored, stats.sinceSnapshot, stats.providers) = (state.stats.stored, state.stats.sinceSnapshot, state.stats.providers)
        var prompts: [String] = []
        var lastModel: String?
        var tools = ToolHistory()  // the tool steps, shown as when live
        for message in session.messages {
            switch message.role {
            case .user:
                tools.prompt(&transcript)
                prompts.append(message.text)
                transcript.append(.user, text: message.text, attachments: (message.parts ?? []).compactMap(Attachment.init(part:)))
            case .assistant:
                let model = message.model ?? "unknown model"
                if let lastModel, lastModel != model { transcript.append(.divider, text: "switched to \(model)") }
                lastModel = model
                let id = transcript.append(.assistant(storedMeta(message)), text: message.text)
                transcript.setThinking(of: id, to: storedThinking(message))
                tools.reply(message, entry: id, &transcript)
                // The summary that stands for the turns so far is sent in their place: the divider marks where.
                if let compaction = session.compaction, message.turnID == compaction.throughTurn {
                    transcript.append(.divider, text: compactionDivider(compaction))
                }
            case .system:
                transcript.append(.notice(.info), text: "system: " + message.text)
            case .tool:
                tools.results(message, &transcript)
            }
        }
        tools.end(&transcript)
        if !session.comparison.isEmpty {
            _ = transcript.startComparison(session.comparison.map(storedMeta))
            for (column, message) in zip(transcript.comparison?.columns ?? [], session.comparison) {
                transcript.replaceText(of: column.id, with: message.text)
                transcript.setThinking(of: column.id, to: storedThinking(message))
            }
            if session.comparison.allSatisfy({ $0.status == .failed }) { transcript.dissolveComparison() }
        }
        state.transcript = transcript
        state.stats = stats
        state.session = SessionRef(stored: session.id)
        state.sessionTitle = session.title
        state.task = session.task
        resumeRole(session, &state)
        state.context.summary = session.compaction
        state.selectedReply = nil
        if let model = session.model ?? lastModel { state.model = model }
        state.promptHistory = PromptHistory(entries: prompts)
        state.conversationView.follow()
        state.overlays.removeAll()
        state.focus = .input
        setStatus("resumed “\(session.title)” (\(session.messages.count) messages)"
                  + (transcript.comparison == nil ? "" : ": pick one of the compared answers to continue"), .info, &state)
        if transcript.comparison != nil { state.focus = .transcript }
        return []
    }

    /// The thinking a stored reply kept (folded when shown, as after a live turn); empty when none was stored.
    static func storedThinking(_ message: StoredMessage) -> String {
        (message.parts ?? []).compactMap { if case .reasoning(let part) = $0 { part.text } else { nil } }.joined()
    }

    static func storedMeta(_ message: StoredMessage) -> ReplyMeta {
        var meta = ReplyMeta(requestedModel: message.model ?? "unknown model", turnID: message.turnID)
        meta.toolCalls = (message.parts ?? []).compactMap { if case .toolCall(let call) = $0 { call } else { nil } }
        if let model = message.model {
            meta.route = RouteInfo(model: model, provider: message.provider ?? "?", providerModel: model, reason: "stored",
                                   simulated: message.provider == "demo")
        }
        meta.usage = message.usage
        meta.cost = message.cost
        meta.reportedCost = message.reportedCost
        meta.ttft = message.ttft
        meta.duration = message.duration
        if let usage = message.usage, let ttft = message.ttft, let duration = message.duration, usage.output > 0 {
            let generating = (duration - ttft).seconds
            meta.tokensPerSecond = generating > 0 ? Double(usage.output) / generating : nil
        }
        switch message.status {
        case .complete: meta.status = .complete
        case .cancelled: meta.status = .cancelled
        case .incomplete: meta.status = .incomplete("the stream ended early")
        case .failed: meta.status = .failed("every attempt failed")
        }
        return meta
    }
}
