import Foundation
@testable import SwitchboardStore
import SwitchboardCore

/// A session with fixed ids and times and everything the JSON shapes carry: a system prompt, a reply that took a
/// fallback (two attempts, unknown cost, a reported cost, cache reads), a sibling reply left incomplete with no
/// usage, a route decision, slashes, CJK and a control character.
enum StoreJSONGoldenFixture {
    static let at = Date(timeIntervalSince1970: 1_750_000_000.25)
    static let sessionID = UUID(uuidString: "5C1F3A0E-2B4D-4E6F-8A9B-0C1D2E3F4A5B") ?? UUID()
    static let turn = UUID(uuidString: "0A1B2C3D-4E5F-4061-8273-94A5B6C7D8E9") ?? UUID()
    static let siblingTurn = UUID(uuidString: "F0E1D2C3-B4A5-4697-8879-6A5B4C3D2E1F") ?? UUID()

    static func detail() -> SessionDetail {
        let later = at.addingTimeInterval(2.5)
        let session = StoredSession(id: sessionID, title: "Paths a/b \u{1B} 数据", createdAt: at, updatedAt: later,
                                    systemPrompt: "Be exact", model: "openai/gpt-4o", tag: "code")
        let user = StoredMessage(id: MessageID(rawValue: 1), sessionID: sessionID, parentID: nil, turnID: turn, role: .user,
                                 text: "Explain 数据库 \u{1B}[31m/ paths", status: .complete, createdAt: at, updatedAt: at)
        let reply = StoredMessage(id: MessageID(rawValue: 2), sessionID: sessionID, parentID: MessageID(rawValue: 1), turnID: turn,
                                  role: .assistant, text: "A database stores data.\n\n```sql\nSELECT 1;\n```", status: .complete,
                                  requestedModel: "auto", resolvedModel: "openai/gpt-4o", provider: "openrouter",
                                  usage: Usage(input: 9, output: 21, cacheRead: 4), cost: nil,
                                  reportedCost: Money(Decimal(string: "0.00042") ?? 0), ttftMs: 333, durationMs: 2048,
                                  createdAt: at, updatedAt: later)
        let sibling = StoredMessage(id: MessageID(rawValue: 3), sessionID: sessionID, parentID: MessageID(rawValue: 1),
                                    turnID: siblingTurn, role: .assistant, text: "partial", status: .incomplete,
                                    requestedModel: "demo/mini", createdAt: later, updatedAt: later)
        let attempts = [
            AttemptRecord(turnID: turn, ordinal: 1, model: "openai/gpt-4o", provider: "openai", providerModel: "gpt-4o",
                          reason: "explicit", outcome: .failed(.rateLimited, afterFirstToken: false), status: 429,
                          errorMessage: "slow down", startedAt: at, duration: .milliseconds(80)),
            AttemptRecord(turnID: turn, ordinal: 2, model: "openai/gpt-4o", provider: "openrouter", providerModel: "openai/gpt-4o",
                          reason: "fallback 1 of 1", outcome: .success, status: 200, startedAt: at, ttft: .milliseconds(333),
                          duration: .milliseconds(2048), usage: Usage(input: 9, output: 21, cacheRead: 4), cost: nil,
                          reportedCost: Money(Decimal(string: "0.00042") ?? 0)),
        ]
        let route = #"{"candidates":[{"model":"openai/gpt-4o","note":null,"ok":true,"score":0.5}],"policy":"auto"}"#
        return SessionDetail(session: session, entries: [.init(message: user, attempts: []),
                                                        .init(message: reply, attempts: attempts, route: route),
                                                        .init(message: sibling, attempts: [])])
    }
}
