import Foundation
import SwitchboardCore

extension Updates {
    /// Folds one engine event into the transcript (or its comparison column) and the sidebar. Events of a turn
    /// that is no longer in flight (a resumed or new session replaced it) are dropped.
    static func engine(_ event: EngineEvent, turn id: UUID, at: ContinuousClock.Instant, _ state: inout AppState) -> [Effect] {
        guard let slot = state.turns.firstIndex(where: { $0.id == id }) else { return [] }
        var turn = state.turns[slot]
        var effects: [Effect] = []
        let entryID = turn.entryID
        switch event {
        case .routed(let route, _):
            turn.route = route
            turn.routedAt = at
            state.transcript.updateReply(entryID) { $0.route = route; $0.status = .waiting }
            state.turns[slot] = turn
        case .delta(let text):
            if turn.firstTokenAt == nil {
                turn.firstTokenAt = at
                let thoughtFor = turn.thinkingStartedAt.map { at - $0 }
                state.transcript.updateReply(entryID) { meta in
                    meta.status = .streaming
                    if let thoughtFor { meta.thoughtFor = thoughtFor }
                }
            }
            turn.lastDeltaAt = at
            state.transcript.appendText(text, to: entryID)
            turn.outputTokens += TokenEstimator.estimate(text)
            state.turns[slot] = turn
        case .usage(let usage):
            state.transcript.updateReply(entryID) { $0.usage = usage }
        case .reasoning(let text):
            // Only the text is appended per piece; the block is measured when drawn.
            if turn.thinkingStartedAt == nil {
                turn.thinkingStartedAt = at
                state.turns[slot] = turn
            }
            state.transcript.appendThinking(text, to: entryID)
        case .reasoningSeal, .toolCall:
            // The transcript takes the signed blocks and the calls whole, from the summary.
            break
        case .attemptFailed(let record, let error):
            state.stats.recordAttempt(record)
            state.transcript.updateReply(entryID) { $0.notes.append("\(record.model) via \(record.provider) failed: \(error)") }
            effects.append(.refreshHealth)
        case .fallback(_, let to, _):
            state.transcript.updateReply(entryID) { $0.notes.append("falling back to \(to.model) via \(to.provider) (\(to.reason))") }
        case .notice(let text):
            state.transcript.updateReply(entryID) { $0.notes.append(text) }
        case .planned(let decision):
            state.routeExplanations[id] = RouteExplanation(decision)
        case .retrying(let route, let wait, _):
            state.transcript.updateReply(entryID) { $0.notes.append("retrying \(route.provider) in \(Format.duration(wait))") }
        case .finished(let summary):
            effects += finish(summary, turn: turn, at: at, &state)
        case .failed(let failure):
            effects += fail(failure.summary, attempts: failure.attempts, turn: turn, &state)
        }
        return effects
    }

    static func engineError(_ message: String, turn id: UUID, _ state: inout AppState) -> [Effect] {
        guard let turn = state.turns.first(where: { $0.id == id }) else { return [] }
        return fail(message, attempts: [], turn: turn, &state)
    }

    private static func finish(_ summary: TurnSummary, turn: TurnInFlight, at: ContinuousClock.Instant,
                               _ state: inout AppState) -> [Effect] {
        let status: ReplyStatus = summary.complete ? .complete
            : summary.cancelled ? .cancelled : .incomplete(summary.error?.description ?? "the stream ended early")
        state.transcript.updateReply(turn.entryID) { meta in
            meta.route = summary.route
            meta.usage = summary.usage
            meta.usageEstimated = summary.usageIsEstimate
            meta.cost = summary.cost
            meta.reportedCost = summary.reportedCost
            meta.ttft = summary.ttft
            meta.duration = summary.duration
            meta.tokensPerSecond = summary.tokensPerSecond
            meta.status = status
            meta.toolCalls = summary.toolCalls
            // Thinking with no answer after it (a reply that only thought, or only called tools) ends here.
            if meta.thoughtFor == nil, let started = turn.thinkingStartedAt { meta.thoughtFor = at - started }
        }
        state.transcript.replaceText(of: turn.entryID, with: summary.text)
        let thinking = summary.reasoning.map(\.text).joined()
        if !thinking.isEmpty { state.transcript.setThinking(of: turn.entryID, to: thinking) }
        state.transcript.sealCodeBlocks(of: turn.entryID)
        state.stats.recordTurn(cost: summary.cost, ttft: summary.ttft)
        if let last = summary.attempts.last { state.stats.recordAttempt(last) }
        state.turns.removeAll { $0.id == turn.id }
        // A compared answer cancelled because another was picked is no longer on screen: nothing to say.
        if summary.cancelled, state.transcript.entry(turn.entryID) != nil {
            setStatus("cancelled: the partial answer is kept", .info, &state)
        }
        return closing(&state)
    }

    private static func fail(_ message: String, attempts: [AttemptRecord], turn: TurnInFlight, _ state: inout AppState) -> [Effect] {
        state.transcript.updateReply(turn.entryID) { $0.status = .failed(message) }
        state.transcript.sealCodeBlocks(of: turn.entryID)
        state.turns.removeAll { $0.id == turn.id }
        if let columns = state.transcript.comparison?.columns, columns.contains(where: { $0.id == turn.entryID }) {
            if columns.allSatisfy({ if case .failed = $0.reply?.status { true } else { false } }) {
                state.transcript.dissolveComparison()
                state.focus = .input
                setStatus("every compared answer failed: see why under each", .error, &state)
            } else {
                setStatus("\(turn.model) failed: see its column", .error, &state)
            }
        } else if state.transcript.entry(turn.entryID) != nil {
            // (A compared answer dropped by a pick fails out of sight: nothing to say.)
            setStatus("the turn failed: see the transcript", .error, &state)
        }
        return closing(&state)
    }

    /// The figures refresh and a pending quit goes ahead. (The effect runner's `TurnRecorder` has stored the
    /// turn's end before this event arrived.)
    private static func closing(_ state: inout AppState) -> [Effect] {
        var effects: [Effect] = [.refreshSpend, .refreshModelStats, .refreshHealth]
        if state.quitRequested && !state.isStreaming { effects.append(.quit) }
        return effects
    }
}
