import XCTest
@testable import SwitchboardStore
import SwitchboardCore

final class SQLiteStoreTransferTests: XCTestCase {
    /// A session with everything an export carries: system prompt, tag, a fallback turn, a sibling reply,
    /// an incomplete reply, unknown costs, CJK and control characters.
    private func populatedStore(_ directory: TemporaryDirectory) throws -> (SQLiteStore, UUID) {
        let store = try SQLiteStore(url: directory.file("source.sqlite"))
        let session = try store.createSession(firstPrompt: "Compare \"models\"", model: "openai/gpt-4o", systemPrompt: "Be exact",
                                              tag: "code", at: Clock.at(0))
        let turn = UUID()
        let user = try store.appendUserMessage(session: session.id, turn: turn, text: "Explain 数据库 \u{1B}[31m/ paths", at: Clock.at(1))
        try store.recordAttempt(AttemptRecord(turnID: turn, ordinal: 1, model: "openai/gpt-4o", provider: "openai",
                                              providerModel: "gpt-4o", reason: "explicit",
                                              outcome: .failed(.rateLimited, afterFirstToken: false), status: 429,
                                              errorMessage: "slow down", startedAt: Clock.at(1.1), duration: .milliseconds(80)))
        try store.recordAttempt(AttemptRecord(turnID: turn, ordinal: 2, model: "openai/gpt-4o", provider: "openrouter",
                                              providerModel: "openai/gpt-4o", reason: "fallback 1 of 1", outcome: .success,
                                              status: 200, startedAt: Clock.at(1.2), ttft: .milliseconds(333),
                                              duration: .milliseconds(2048), usage: Usage(input: 9, output: 21, cacheRead: 4),
                                              cost: nil, reportedCost: Money(Decimal(string: "0.00042") ?? 0)))
        let reply = try store.beginAssistantMessage(session: session.id, turn: turn, parent: user, requestedModel: "openai/gpt-4o",
                                                    at: Clock.at(1.2))
        try store.finishAssistantMessage(reply, AssistantCompletion(text: "A database stores data.\n\n```sql\nSELECT 1;\n```",
                                                                    status: .complete, resolvedModel: "openai/gpt-4o",
                                                                    provider: "openrouter", usage: Usage(input: 9, output: 21, cacheRead: 4),
                                                                    cost: nil, reportedCost: Money(Decimal(string: "0.00042") ?? 0),
                                                                    ttft: .milliseconds(333), duration: .milliseconds(2048)),
                                         at: Clock.at(3.5))
        let sibling = try store.beginAssistantMessage(session: session.id, turn: UUID(), parent: user, requestedModel: "demo/mini",
                                                      at: Clock.at(4))
        try store.checkpoint(sibling, text: "partial", at: Clock.at(4.25))
        try store.storeTurn(session: session.id, prompt: "thanks", reply: "any time", at: Clock.at(10))
        return (store, session.id)
    }

    func testExportImportExportIsIdentical() throws {
        let directory = try TemporaryDirectory()
        let (source, id) = try populatedStore(directory)
        let first = try source.exportJSON(id)
        let target = try SQLiteStore(url: directory.file("target.sqlite"))
        let result = try target.importJSON(first)
        XCTAssertEqual(result.sessionID, id)
        XCTAssertTrue(result.keptID)
        XCTAssertEqual(result.messageCount, 5)
        XCTAssertEqual(result.attemptCount, 3)
        let second = try target.exportJSON(id)
        XCTAssertEqual(String(decoding: second, as: UTF8.self), String(decoding: first, as: UTF8.self))
        XCTAssertEqual(try target.sessionDetail(id), try source.sessionDetail(id).withMessageIDs(of: target.sessionDetail(id)))
        XCTAssertEqual(try target.spend(by: .model).total, try source.spend(by: .model).total)
    }

    func testImportIntoTheSameDatabaseGivesNewIDs() throws {
        let directory = try TemporaryDirectory()
        let (store, id) = try populatedStore(directory)
        let exported = try store.exportJSON(id)
        let result = try store.importJSON(exported)
        XCTAssertFalse(result.keptID)
        XCTAssertNotEqual(result.sessionID, id)
        let copy = try store.sessionDetail(result.sessionID)
        XCTAssertEqual(copy.entries.map(\.message.text), try store.sessionDetail(id).entries.map(\.message.text))
        XCTAssertEqual(copy.entries.flatMap(\.attempts).count, 0, "a copy adds no spend")
        XCTAssertEqual(result.attemptCount, 0)
        XCTAssertEqual(try store.spend(by: .session).rows.map(\.key), [SQLiteStore.text(id)])
        XCTAssertTrue(Set(copy.entries.compactMap(\.message.turnID))
            .isDisjoint(with: try store.sessionDetail(id).entries.compactMap(\.message.turnID)))
    }

    func testExportShapeIsOpenAIMessagesPlusMetadata() throws {
        let directory = try TemporaryDirectory()
        let (store, id) = try populatedStore(directory)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: store.exportJSON(id)) as? [String: Any])
        XCTAssertEqual(object["format"] as? String, "switchboard.session")
        let messages = try XCTUnwrap(object["messages"] as? [[String: Any]])
        XCTAssertEqual(messages.first?.keys.sorted(), ["content", "role"])
        XCTAssertEqual(messages.compactMap { $0["role"] as? String }, ["user", "assistant", "assistant", "user", "assistant"])
        let metadata = try XCTUnwrap(object["metadata"] as? [[String: Any]])
        XCTAssertEqual(metadata.count, messages.count)
        XCTAssertTrue(metadata[1]["cost"] is NSNull, "unknown cost is null, not 0")
        XCTAssertEqual(metadata[1]["cost_reported"] as? String, "0.00042")
        XCTAssertEqual(metadata[1]["parent"] as? Int, 0)
        XCTAssertEqual((metadata[1]["attempts"] as? [Any])?.count, 2)
        XCTAssertEqual(metadata[2]["status"] as? String, "incomplete")
    }

    func testInvalidImportsAreRefusedWholly() throws {
        let directory = try TemporaryDirectory()
        let (store, id) = try populatedStore(directory)
        let good = try XCTUnwrap(JSONSerialization.jsonObject(with: store.exportJSON(id)) as? [String: Any])
        let target = try SQLiteStore(url: directory.file("target.sqlite"))
        func attempt(_ change: (inout [String: Any]) -> Void) throws -> StoreError? {
            var object = good
            change(&object)
            let data = try JSONSerialization.data(withJSONObject: object)
            do { try target.importJSON(data) } catch let error as StoreError { return error }
            return nil
        }
        XCTAssertNotNil(try attempt { $0["format"] = "something.else" })
        XCTAssertNotNil(try attempt { $0["version"] = 99 })
        XCTAssertNotNil(try attempt { $0["id"] = "nope" })
        XCTAssertNotNil(try attempt { $0.removeValue(forKey: "messages") })
        XCTAssertNotNil(try attempt { object in
            var metadata = object["metadata"] as? [[String: Any]] ?? []
            metadata[1]["cost"] = "1e-3"
            object["metadata"] = metadata
        })
        XCTAssertNotNil(try attempt { object in
            var metadata = object["metadata"] as? [[String: Any]] ?? []
            metadata[0]["parent"] = 3
            object["metadata"] = metadata
        })
        XCTAssertThrowsError(try target.importJSON(Data("not json".utf8)))
        XCTAssertEqual(try target.listSessions(), [], "nothing half-imported")
    }

    func testMarkdownExportNamesModelsAndCosts() throws {
        let directory = try TemporaryDirectory()
        let (store, id) = try populatedStore(directory)
        let markdown = try store.exportMarkdown(id)
        XCTAssertTrue(markdown.hasPrefix("# Compare \"models\"\n"))
        XCTAssertTrue(markdown.contains("## System\n\nBe exact"))
        XCTAssertTrue(markdown.contains("## Assistant · openai/gpt-4o via openrouter · 13 in / 21 out · unknown"), markdown)
        XCTAssertTrue(markdown.contains("(incomplete)"))
        XCTAssertTrue(markdown.contains("2 attempts"))
    }
}

private extension SessionDetail {
    /// Message ids are per database: compare everything else.
    func withMessageIDs(of other: SessionDetail) -> SessionDetail {
        var copy = self
        var map: [MessageID: MessageID] = [:]
        for (mine, theirs) in zip(entries, other.entries) { map[mine.message.id] = theirs.message.id }
        for index in copy.entries.indices {
            copy.entries[index].message.id = map[copy.entries[index].message.id] ?? copy.entries[index].message.id
            copy.entries[index].message.parentID = copy.entries[index].message.parentID.flatMap { map[$0] }
        }
        copy.head = copy.head.flatMap { map[$0] }
        return copy
    }
}
