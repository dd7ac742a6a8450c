import Foundation
import SwitchboardCore

/// Which session a gateway turn is recorded in, and which of the request's messages are new to it. Requests
/// naming one conversation (under one key) share a session, turn after turn; requests naming none share their
/// key's session of the local day, titled "key · 2026-12-05" ("(no key)" under `--no-auth`).
enum GatewaySessionPlacement {
    static func session(for turn: TurnRequest, conversation: String?, requestedModel: String,
                        store: any GatewaySessions, now: Date = Date(), calendar: Calendar = .current) async throws -> UUID {
        let prompts = newPrompts(turn.messages)
        let firstPrompt = turn.messages.last { $0.role == .user }?.text ?? prompts.last?.text ?? ""
        let new = NewSession(firstPrompt: firstPrompt, model: requestedModel,
                             systemPrompt: turn.messages.first { $0.role == .system }?.text)
        let key = turn.gatewayKey
        if let conversation {
            return try await store.gatewaySession(key: key?.id, conversation: .named(conversation), new: new, title: nil).session
        }
        let day = dayText(now, calendar: calendar)
        return try await store.gatewaySession(key: key?.id, conversation: .day(day), new: new,
                                              title: "\(key?.name ?? "(no key)") · \(day)").session
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
