import Foundation
import XCTest
@testable import SwitchboardStore
import SwitchboardCore

/// A fresh directory per test, removed afterwards; tests use real database files in it.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    var databaseURL: URL { url.appendingPathComponent("data").appendingPathComponent("switchboard.sqlite") }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }
}

/// Fixed instants so stored times can be compared exactly.
enum Clock {
    static let base = Date(timeIntervalSince1970: 1_750_000_000)

    static func at(_ seconds: Double) -> Date { base.addingTimeInterval(seconds) }
}

extension SQLiteStore {
    /// One complete turn the way `ask` stores it: prompt, reply begun, attempt recorded, reply finished.
    @discardableResult
    func storeTurn(session: UUID, prompt: String, reply: String, model: String = "openai/gpt-4o-mini",
                   provider: String = "openai", cost: Money? = Money(Decimal(string: "0.0012") ?? 0),
                   at start: Date = Clock.base) throws -> (user: MessageID, assistant: MessageID, turn: UUID) {
        let turn = UUID()
        let user = try appendUserMessage(session: session, turn: turn, text: prompt, at: start)
        let assistant = try beginAssistantMessage(session: session, turn: turn, parent: user, requestedModel: model,
                                                  at: start.addingTimeInterval(0.1))
        let usage = Usage(input: 12, output: 40)
        try recordAttempt(AttemptRecord(turnID: turn, ordinal: 1, model: model, provider: provider,
                                        providerModel: model.split(separator: "/").last.map(String.init) ?? model,
                                        reason: "explicit", outcome: .success, status: 200,
                                        startedAt: start.addingTimeInterval(0.1), ttft: .milliseconds(300),
                                        duration: .milliseconds(1500), usage: usage, cost: cost))
        try finishAssistantMessage(assistant, AssistantCompletion(text: reply, status: .complete, resolvedModel: model,
                                                                  provider: provider, usage: usage, cost: cost,
                                                                  ttft: .milliseconds(300), duration: .milliseconds(1500)),
                                   at: start.addingTimeInterval(2))
        return (user, assistant, turn)
    }
}
