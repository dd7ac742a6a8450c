import Foundation
import SwitchboardCore

/// Which session a gateway turn is recorded in, and which of the request's messages are new to it. Requests
/// naming one conversation (under one key) share a session, turn after turn; requests naming none share their
/// key's session of the local day, titled "key · 2026-12-05" ("(no key)" under `--no-auth`).
enum GatewaySessionPlacement {
    /// Places the turn and begins it (its new prompts, its empty reply, its key and tags) in one write where the
    /// store can; returns the opening as begun, in the session found. A conversation this process has placed
    /// before is not waited for: its begin is posted to `writes` (made before the turn's other writes) with the
    /// session it had, and a different answer (the session was deleted meanwhile) is remembered for the next turn.
    static func begin(_ turn: TurnRequest, conversation: String?, requestedModel: String, store: any GatewaySessions,
                      placements: GatewayPlacements? = nil, writes: TurnWrites? = nil,
                      now: Date = Date(), calendar: Calendar = .current) async throws -> TurnOpening {
        let (conversation, new, title) = placement(turn, conversation: conversation, requestedModel: requestedModel,
                                                   now: now, calendar: calendar)
        var opening = TurnOpening(session: new.id, turn: turn.id, prompts: newPrompts(turn.messages),
                                  requestedModel: requestedModel, gatewayKey: turn.gatewayKey?.id, tags: turn.tags)
        let key = GatewayPlacements.Key(gatewayKey: turn.gatewayKey?.id, conversation: conversation)
        if let writes, let placements, let known = placements.session(for: key) {
            opening.session = known
            let begin = GatewayBegin(key: key.gatewayKey, conversation: conversation, new: new, title: title, opening: opening)
            writes.post(.gatewayBegin(begin)) { placed in
                if placed != known { placements.remember(placed, for: key) }
            }
            return opening
        }
        opening.session = try await store.gatewaySession(key: turn.gatewayKey?.id, conversation: conversation, new: new,
                                                         title: title, beginning: opening).session
        placements?.remember(opening.session, for: key)
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
        LocalDay.shared.text(date, calendar: calendar)
    }
}

/// The day's text, worked out once a day: splitting the date into its parts in a time zone and formatting them
/// took 1.6% of `serve`'s CPU when done for every request.
private final class LocalDay: @unchecked Sendable {
    static let shared = LocalDay()

    private struct Day {
        var calendar: Calendar.Identifier
        var timeZone: TimeZone
        var span: Range<Date>
        var text: String
    }

    private let lock = NSLock()
    private var last: Day?

    func text(_ date: Date, calendar: Calendar) -> String {
        let known: String? = lock.withLock {
            guard let last, last.span.contains(date), last.calendar == calendar.identifier,
                  last.timeZone == calendar.timeZone else { return nil }
            return last.text
        }
        if let known { return known }
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let text = "\(Self.digits(parts.year, 4))-\(Self.digits(parts.month, 2))-\(Self.digits(parts.day, 2))"
        if let span = calendar.dateInterval(of: .day, for: date) {
            lock.withLock { last = Day(calendar: calendar.identifier, timeZone: calendar.timeZone, span: span.start..<span.end, text: text) }
        }
        return text
    }

    private static func digits(_ value: Int?, _ width: Int) -> String {
        let text = String(value ?? 0)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}

/// The sessions this process has placed conversations in, so a conversation's later turns need not wait for
/// the database to say so again. Bounded: past `limit` conversations it starts over (each is then placed once
/// more, waited for).
final class GatewayPlacements: @unchecked Sendable {
    struct Key: Hashable, Sendable {
        var gatewayKey: Int64?
        var conversation: GatewayConversation
    }

    private let lock = NSLock()
    private var sessions: [Key: UUID] = [:]
    private let limit: Int

    init(limit: Int = 10_000) {
        self.limit = limit
    }

    func session(for key: Key) -> UUID? {
        lock.withLock { sessions[key] }
    }

    func remember(_ session: UUID, for key: Key) {
        lock.withLock {
            if sessions.count >= limit, sessions[key] == nil { sessions.removeAll() }
            sessions[key] = session
        }
    }
}
