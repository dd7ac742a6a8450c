import Foundation
import SwitchboardCore

/// `/compact` and `[context] auto_compact_at`: the conversation so far is summarised by a cheap model through the
/// engine (its cost counts like any turn's), and from then on the summary is sent in place of those turns. The
/// turns stay on screen and in the store; a divider says what happened.
extension Updates {
    /// `/compact`: summarise every turn so far.
    static func compact(_ state: inout AppState) -> [Effect] {
        guard !state.isStreaming else {
            setStatus("a reply is still streaming: compact once it has ended", .warning, &state)
            return []
        }
        guard state.transcript.comparison == nil else {
            setStatus("pick the answer to continue from first, then compact", .warning, &state)
            return []
        }
        switch startCompaction(held: nil, &state) {
        case .started(let effects): return effects
        case .nothingToCompact(let why):
            setStatus(why, .info, &state)
            return []
        }
    }

    /// Compacts before sending when the turn would fill more than `[context] auto_compact_at` of the smallest
    /// window among `models`; the draft is held and sent once the summary is in (or without it, if that fails).
    /// Nil when the turn can go now.
    static func autoCompact(before models: [String], _ state: inout AppState) -> [Effect]? {
        guard let share = state.context.autoCompactAt, state.context.inFlight == nil, !state.context.sendingHeld else { return nil }
        let windows = models.compactMap { state.picker.entry(for: $0)?.contextWindow }.filter { $0 > 0 }
        guard let window = windows.min() else { return nil }
        let tokens = state.nextRequestTokens
        guard Double(tokens) > share * Double(window) else { return nil }
        let held = ContextState.HeldMessage(text: state.input.text, attachments: state.attachments)
        guard case .started(let effects) = startCompaction(held: held, &state) else { return nil }
        state.input.clear()
        state.attachments = []
        setStatus("compacting first: this turn would send \(Format.count(tokens)) tokens, over "
                  + "\(Format.percent(share)) of the \(Format.count(window)) window; your message follows", .info, &state)
        return effects
    }

    enum CompactionStart {
        case started([Effect])
        case nothingToCompact(String)
    }

    /// Starts the summary turn for everything up to the latest reply.
    private static func startCompaction(held: ContextState.HeldMessage?, _ state: inout AppState) -> CompactionStart {
        guard let boundary = state.transcript.entries.last(where: { $0.reply?.turnID != nil }),
              let throughTurn = boundary.reply?.turnID else {
            return .nothingToCompact("nothing to compact yet: no replies in this session")
        }
        let previous = state.summaryEntry.flatMap { state.transcript.index(of: $0) }
        let newer = state.transcript.entries[(previous.map { $0 + 1 } ?? 0)...]
        let turns = newer.filter { $0.kind == .user }.count
        guard turns > 0, newer.contains(where: { $0.id == boundary.id }) else {
            return .nothingToCompact("nothing to compact: no turns since the last summary")
        }
        // The role's system prompt is sent with every turn anyway: it is not part of what is summarised.
        let messages = Array(state.conversationToSend.dropFirst(state.role.systemMessages.count))
        let model = compactionModel(for: RequestTokens.count(messages), &state)
        let ref: ModelRef
        do {
            ref = try ModelRef(parsing: model)
        } catch {
            return .nothingToCompact("cannot compact with \(model): \(error)")
        }
        let plan = Compaction.Plan(throughTurn: throughTurn, turns: turns, tokensBefore: RequestTokens.count(messages))
        let request = Compaction.request(summarising: messages, model: ref)
        state.context.inFlight = ContextState.InFlight(turn: request.id, plan: plan, model: model, heldMessage: held)
        state.turns = [TurnInFlight(id: request.id, promptTurn: request.id, entryID: ContextState.noEntry,
                                    model: model, promptTokens: RequestTokens.count(request))]
        setStatus("compacting \(turns) turn\(turns == 1 ? "" : "s") with \(model)…", .info, &state)
        return .started([.startCompaction(session: state.session, request, plan: plan)])
    }

    /// `[context] compact_model`, else the available model that would write this summary for the least (its
    /// cheapest provider, `:floor`), among those whose window holds it; in demo mode a demo model.
    static func compactionModel(for tokens: Int, _ state: inout AppState) -> String {
        if let configured = state.context.compactModel { return configured }
        let summaryTokens = Decimal(min(4_000, max(500, tokens / 5)))
        let candidates = state.picker.entries.filter { entry in
            entry.kind == .model && entry.available && entry.simulated == state.demoMode
                && entry.inputPerMillion != nil && entry.outputPerMillion != nil
                && (entry.contextWindow ?? 0) >= tokens + 4_000
        }
        let cheapest = candidates.min { lhs, rhs in
            cost(lhs, input: Decimal(tokens), output: summaryTokens) < cost(rhs, input: Decimal(tokens), output: summaryTokens)
        }
        guard let cheapest else { return state.model }
        return cheapest.providers.count > 1 ? cheapest.id + ":" + RoutingVariant.floor.rawValue : cheapest.id
    }

    private static func cost(_ entry: PickerEntry, input: Decimal, output: Decimal) -> Decimal {
        (entry.inputPerMillion ?? 0) * input + (entry.outputPerMillion ?? 0) * output
    }

    /// An engine event of the compaction turn: the turn's own bookkeeping (cost, attempts, Ctrl-C), then the
    /// summary takes the turns' place, or the status says why not.
    static func compactionEvent(_ event: EngineEvent, turn id: UUID, at: ContinuousClock.Instant,
                                _ state: inout AppState) -> [Effect] {
        let effects = engine(event, turn: id, at: at, &state)
        guard let inFlight = state.context.inFlight, !state.turns.contains(where: { $0.id == id }) else { return effects }
        state.context.inFlight = nil
        switch event {
        case .finished(let summary):
            if let compaction = Compaction.compaction(from: summary, plan: inFlight.plan, turn: id) {
                state.context.summary = compaction
                state.transcript.append(.divider, text: compactionDivider(compaction))
                setStatus(compaction.dividerText + ": the summary is sent from now on", .info, &state)
            } else {
                let why = summary.cancelled ? "cancelled" : summary.error?.description ?? "the summary came back empty"
                setStatus("compaction \(why): nothing was replaced", summary.cancelled ? .info : .warning, &state)
            }
        default:
            setStatus("compaction failed (nothing was replaced): \(failure(of: event) ?? "see the status")", .warning, &state)
        }
        guard let held = inFlight.heldMessage, !state.quitRequested else { return effects }
        if case .finished(let summary) = event, summary.cancelled {
            // Ctrl-C stops the compaction and the turn it was for: the message goes back into the box, unsent.
            if state.input.isEmpty && state.attachments.isEmpty {
                state.input = TextEditor(held.text)
                state.attachments = held.attachments
            }
            setStatus("compaction cancelled: your message is back in the box, unsent", .info, &state)
            return effects
        }
        return effects + sendHeld(held, &state)
    }

    /// `compacted 3 turns into a summary (1,234 tokens → 210) · demo/mini $0.000123`: what it did and what it cost.
    static func compactionDivider(_ compaction: SessionCompaction) -> String {
        compaction.dividerText + " · " + (compaction.model ?? "unknown model") + " " + compaction.cost.displayString
    }

    /// The engine could not start the compaction turn (no route for its model).
    static func compactionError(_ message: String, turn id: UUID, _ state: inout AppState) -> [Effect] {
        compactionEvent(.failed(TurnFailure(errors: [], attempts: [], summary: message)), turn: id,
                        at: state.now ?? .now, &state)
    }

    private static func failure(of event: EngineEvent) -> String? {
        if case .failed(let failure) = event { return failure.summary }
        return nil
    }

    /// Sends the message held back for the compaction, as if Enter were pressed again.
    private static func sendHeld(_ held: ContextState.HeldMessage, _ state: inout AppState) -> [Effect] {
        let draft = state.input
        let files = state.attachments
        state.input = TextEditor(held.text)
        state.attachments = held.attachments
        state.context.sendingHeld = true
        let effects = send(&state)
        state.context.sendingHeld = false
        // Whatever was typed meanwhile stays in the box.
        if state.input.isEmpty {
            state.input = draft
            if state.attachments.isEmpty { state.attachments = files }
        }
        return effects
    }
}
