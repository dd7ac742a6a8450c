import Foundation
import SwitchboardCore

extension Updates {
    /// Folds one step of a turn's tool loop into the transcript: each call shows as an entry under the reply that
    /// made it, waits for y/a/n there, and gets its result folded under it; a later step is a reply of its own.
    static func tool(_ update: ToolUpdate, loop: UUID, _ state: inout AppState) -> [Effect] {
        switch update {
        case .started:
            guard let turn = state.turns.first(where: { $0.id == loop }) else { return [] }
            state.tools.loops[loop] = ToolLoopProgress(replyEntry: turn.entryID)
            return []
        case .problems(let lines):
            for line in lines { state.transcript.append(.notice(.warning), text: line) }
            return []
        case .step(let number, let turn, let model):
            guard var progress = state.tools.loops[loop] else { return [.cancelTurn(turn)] }
            let entry = state.transcript.append(.assistant(ReplyMeta(requestedModel: model, turnID: turn)), text: "")
            state.turns.append(TurnInFlight(id: turn, promptTurn: loop, entryID: entry, model: model, promptTokens: 0))
            progress.step = number
            progress.replyEntry = entry
            state.tools.loops[loop] = progress
            state.conversationView.follow()
            return []
        case .ask(let request):
            // A loop no longer on screen gets no answer from anyone: it is refused so it does not wait forever.
            guard let progress = state.tools.loops[loop], !progress.cancelRequested else {
                return [.answerTool(loop: loop, request: request.id, .refuse(reason: "the turn was stopped"))]
            }
            showCall(request.call, server: request.server, stage: .asking, loop: loop, step: progress.step, &state)
            state.tools.waiting.append(ToolApprovalAsk(loop: loop, request: request))
            return []
        case .decided(let step, let call, let server, let decision):
            let stage: ToolCallMeta.Stage
            if case .refuse(let reason) = decision { stage = .refused(reason: reason) } else { stage = .running }
            showCall(call, server: server, stage: stage, loop: loop, step: step, &state)
            return []
        case .result(let step, let record):
            let refused: Bool = if case .refuse = record.decision { true } else { false }
            if !refused {
                showCall(record.call, server: record.server, stage: .finished(record.result, ran: record.ran),
                         loop: loop, step: step, &state)
            }
            return []
        case .replied(let message):
            // Later turns send the calls and their results, so a model switched to gets them in its own shape.
            if let reply = state.tools.loops[loop]?.replyEntry { state.transcript.setSends(of: reply, [message]) }
            return []
        case .resultsSent(let results):
            if let reply = state.tools.loops[loop]?.replyEntry { state.transcript.appendSends(to: reply, results) }
            return []
        case .stopped(let reason, let steps, let cost):
            return stopped(reason, steps: steps, cost: cost, loop: loop, &state)
        }
    }

    /// The call's entry, added under the step's reply the first time and changed in place after.
    private static func showCall(_ call: ToolCall, server: String?, stage: ToolCallMeta.Stage, loop: UUID, step: Int,
                                 _ state: inout AppState) {
        let key = ToolsState.key(loop: loop, step: step, call: call.id)
        if let entry = state.tools.entries[key] {
            state.transcript.updateTool(entry) { $0.stage = stage }
            return
        }
        // The call shows here from now on, not also as "called" under the reply that made it.
        if let reply = state.tools.loops[loop]?.replyEntry {
            state.transcript.updateReply(reply) { $0.toolCalls.removeAll { $0.id == call.id } }
        }
        state.tools.entries[key] = state.transcript.append(.tool(ToolCallMeta(call: call, server: server, stage: stage)), text: "")
        state.conversationView.follow()
    }

    private static func stopped(_ reason: ToolLoopStop, steps: Int, cost: Money?, loop: UUID,
                                _ state: inout AppState) -> [Effect] {
        guard let progress = state.tools.loops.removeValue(forKey: loop) else { return [] }
        // Calls still waiting were refused by the loop when it stopped.
        for ask in state.tools.waiting where ask.loop == loop {
            let key = ToolsState.key(loop: loop, step: progress.step, call: ask.request.call.id)
            if let entry = state.tools.entries[key] {
                state.transcript.updateTool(entry) { $0.stage = .refused(reason: "the turn was stopped") }
            }
        }
        state.tools.waiting.removeAll { $0.loop == loop }
        let prefix = "\(loop)/"
        let madeCalls = state.tools.entries.keys.contains { $0.hasPrefix(prefix) }
        state.tools.entries = state.tools.entries.filter { !$0.key.hasPrefix(prefix) }
        // A turn that called no tool is an ordinary reply: its header says nothing of steps.
        if madeCalls { state.transcript.updateReply(progress.replyEntry) { $0.toolSteps = ToolStepsMark(steps: steps, cost: cost) } }
        switch reason {
        case .answered, .failed, .incomplete: break  // the reply itself says how it ended
        case .cancelled: setStatus("stopped: the calls and answers so far are kept", .info, &state)
        case .maxSteps, .spendingCap: setStatus(reason.description, .warning, &state)
        }
        var effects: [Effect] = [.refreshSpend]
        if state.quitRequested && !state.isStreaming { effects.append(.quit) }
        return effects
    }

    /// y / a / n answer the first waiting call; `o` folds or unfolds results.
    static func toolCommand(_ command: Command, _ state: inout AppState) -> [Effect] {
        if command == .toggleToolResults { return toggleToolResults(&state) }
        if command == .toggleTool { return toggleSelectedTool(&state) }
        guard let first = state.tools.waiting.first else { return [] }
        switch command {
        case .approveToolOnce: return answerWaitingCall(.runOnce, &state)
        case .approveToolAlways: return answerWaitingCall(.alwaysForTool, &state)
        case .refuseToolWithReason:
            // The call keeps waiting until the reason is sent (Esc leaves it waiting).
            state.overlays.append(.prompt(PromptState(
                purpose: .refuseTool, title: "Why refuse \(first.request.call.name)? (the model reads it · Enter refuses · Esc back)")))
            return []
        default: return answerWaitingCall(.refuse(reason: nil), &state)
        }
    }

    /// The first waiting call gets `decision`.
    static func answerWaitingCall(_ decision: ToolDecision, _ state: inout AppState) -> [Effect] {
        guard !state.tools.waiting.isEmpty else { return [] }
        let ask = state.tools.waiting.removeFirst()
        if let progress = state.tools.loops[ask.loop],
           let entry = state.tools.entries[ToolsState.key(loop: ask.loop, step: progress.step, call: ask.request.call.id)] {
            state.transcript.updateTool(entry) { meta in
                if case .refuse(let reason) = decision { meta.stage = .refused(reason: reason) } else { meta.stage = .running }
            }
        }
        if decision == .alwaysForTool {
            setStatus("\(ask.request.call.name) runs without asking for the rest of this session", .info, &state)
        }
        return [.answerTool(loop: ask.loop, request: ask.request.id, decision)]
    }

    /// Esc / Ctrl-C: each running loop is stopped where it is (a waiting call is refused, nothing more runs).
    static func cancelToolLoops(_ state: inout AppState) -> [Effect] {
        var effects: [Effect] = []
        for (id, progress) in state.tools.loops where !progress.cancelRequested {
            state.tools.loops[id]?.cancelRequested = true
            effects.append(.cancelTurn(id))
        }
        return effects
    }

    /// `o`: the results of the calls under the selected reply (else the latest calls) unfold, or fold back when
    /// all of them are unfolded.
    static func toggleToolResults(_ state: inout AppState) -> [Effect] {
        let group = toolGroup(state)
        guard !group.isEmpty else {
            setStatus("no tool calls to unfold", .info, &state)
            return []
        }
        let unfold = group.contains { id in
            if case .tool(let meta) = state.transcript.entry(id)?.kind { !meta.unfolded } else { false }
        }
        for id in group { state.transcript.updateTool(id) { $0.unfolded = unfold } }
        return []
    }

    private static func toolGroup(_ state: AppState) -> [Int] {
        let entries = state.transcript.entries
        func isTool(_ index: Int) -> Bool { if case .tool = entries[index].kind { true } else { false } }
        if let selected = state.selectedReply, let start = state.transcript.index(of: selected) {
            var ids: [Int] = []
            var index = start + 1
            while index < entries.count, isTool(index) {
                ids.append(entries[index].id)
                index += 1
            }
            if !ids.isEmpty { return ids }
        }
        guard var index = entries.indices.last(where: isTool) else { return [] }
        var ids: [Int] = []
        while index >= 0, isTool(index) {
            ids.insert(entries[index].id, at: 0)
            index -= 1
        }
        return ids
    }
}

extension Updates {
    /// `/tools`: the overlay opens at once and fills when the servers have listed their tools.
    static func openTools(_ state: inout AppState) -> [Effect] {
        guard state.tools.available else {
            setStatus("no MCP server is configured and enabled: add [mcp.NAME] to config.toml", .info, &state)
            return []
        }
        state.overlays.removeAll { $0 == .tools }
        state.overlays.append(.tools)
        return [.listTools]
    }

    static func selectTool(_ command: Command, _ state: inout AppState) -> [Effect] {
        let count = state.tools.listed?.count ?? 0
        guard count > 0 else { return [] }
        let delta = command == .selectPrevious || command == .selectPagePrevious ? -1 : 1
        state.tools.selection = max(0, min(count - 1, state.tools.selection + delta))
        return []
    }

    /// Space in `/tools`: the selected tool is turned off (later turns do not offer it) or on again.
    static func toggleSelectedTool(_ state: inout AppState) -> [Effect] {
        guard let tools = state.tools.listed, tools.indices.contains(state.tools.selection) else { return [] }
        let name = tools[state.tools.selection].name
        if state.tools.off.remove(name) == nil { state.tools.off.insert(name) }
        return [.setToolsOff(state.tools.off)]
    }
}
