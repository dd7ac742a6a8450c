import Foundation
import SwitchboardCore

/// Which session a gateway turn is recorded in, and which of the request's messages are new to it. Requests
/// naming one conversation (under one key) share a session, turn after turn; requests naming none share their
/// key's session of the local day, titled "key · 2026-12-05" ("(no key)" under `--no-auth`).
enum GatewaySessionPlacement {
    /// Places the turn and begins it (its new prompts, its empty reply, its key and tags) in one write where the
    /// store can; returns the opening as begun, in the session found.
    static func begin(_ turn: TurnRequest, conversation: String?, requestedModel: String, store: any GatewaySessions,
                      now: Date = Date(), calendar: Calendar = .current) async throws -> TurnOpening {
        let (conversation, new, title) = placement(turn, conversation: conversation, requestedModel: requestedModel,
                                                   now: now, calendar: calendar)
        var opening = TurnOpening(session: new.id, turn: turn.id, prompts: newPrompts(turn.messages),
                                  requestedModel: requestedModel, gatewayKey: turn.gatewayKey?.id, tags: turn.tags)
        opening.session = try await store.gatewaySession(key: turn.gatewayKey?.id, conversation: conversation, new: new,
                                                         title: title, beginning: opening).session
        return opening
    }

    /// Which conversation the turn names, the session it would create, and that session's title.
    private static func placement(_ turn: TurnRequest, conversation: String?, requestedModel: String, now: Date,
                                  calendar: Calendar) -> (GatewayConversation, NewSession, String?) {
        let prompts = newPrompts(turn.messages)
        let firstPrompt = turn.messages.last { $0.role == .user }?.text ?? prompts.last?.text ?? ""
        let new = NewSession(firstPrompt: firstPrompt, model: requestedModel,
                             systemPrompt: turn.messages.first { $0.role == .system }?.text)
        if let conversation { return (.named(conversation), new, nil) }
        let day = dayText(now, calendar: calendar)
        return (.day(day), new, "\(turn.gatewayKey?.name ?? "(no key)") · \(day)")
    }

    /// What the client sent since the session's last reply: a client resends the whole conversation each time,
    /// and what follows its last assistant message (the new user message, or the results of the reply's tool
    /// calls) is what the session lacks. A request ending in an assistant message (a prefill) stores that one.
    static func newPrompts(_ messages: [ChatMessage]) -> [ChatMessage] {
        var start = messages.endIndex
        while start > messages.startIndex, [.user, .tool].contains(messages[start - 1].role) {
            start -= 1
        }
        if start == messages.endIndex, let last = messages.last { return [last] }
        return Array(messages[start...])
    }

    /// `2026-12-05` in `calendar`'s time zone.
    static func dayText(_ date: Date, calendar: Calendar) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
