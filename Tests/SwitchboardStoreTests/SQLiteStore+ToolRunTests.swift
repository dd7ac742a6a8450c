import XCTest
import SwitchboardCore
import GRDB
@testable import SwitchboardStore

/// How the tool loop answered each call (server, ran or refused and why, how long it ran) is stored with the
/// call's result and read back after reopening the file, so a resumed workbench session shows its calls as they
/// went; the conversation sent on still carries the calls and results.
final class SQLiteStoreToolRunTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
    }

    private var url: URL { directory.url.appendingPathComponent("history.sqlite") }

    func testHowEachCallWasAnsweredSurvivesReopeningTheFile() async throws {
        let store = try SQLiteStore(url: url)
        let session = try await store.createSession(NewSession(firstPrompt: "time?", model: "acme/model"))
        let (first, second) = (UUID(), UUID())
        let ran = ToolCall(id: "call_1", name: "get_current_time", arguments: #"{"timezone":"UTC"}"#)
        let refused = ToolCall(id: "call_2", name: "delete_everything", arguments: "{}")
        try await store.commitPrompt(session: session, turn: first, text: "time?")
        try await store.openReply(session: session, turn: first, promptTurn: first, requestedModel: "acme/model")
        let reply = ChatMessage(role: .assistant, parts: [.toolCall(ran), .toolCall(refused)])
        try await store.finishReply(turn: first, AssistantCompletion(text: "", status: .complete,
                                                                    parts: StoredMessage.storedParts(of: reply)))
        let records = [
            ToolCallRecord(call: ran, server: "time", decision: .alwaysForTool,
                           result: ToolResult(callID: ran.id, text: "19:30", name: ran.name), duration: .milliseconds(42)),
            ToolCallRecord(call: refused, server: "files", decision: .refuse(reason: "not that one"),
                           result: ToolResult(callID: refused.id, text: "The user refused this call; it was not run.",
                                              isError: true, name: refused.name)),
        ]
        let results = ChatMessage(role: .tool, parts: records.map { .toolResult($0.sentResult) })
        try await store.commitPrompt(session: session, turn: second, message: results)

        let reopened = try SQLiteStore(url: url)
        let loaded = try await reopened.loadSession(session.uuidString.lowercased())
        let stored = try XCTUnwrap(loaded.messages.last { $0.role == .tool })
        XCTAssertEqual(stored.chatMessage.toolResults.map(\.run), [
            ToolRun(server: "time", decision: .alwaysForTool, durationMs: 42),
            ToolRun(server: "files", decision: .refuse(reason: "not that one"), durationMs: nil),
        ])
        XCTAssertEqual(loaded.messages.map(\.role), [.user, .assistant, .tool])
        XCTAssertEqual(loaded.messages[1].chatMessage.toolCalls, [ran, refused])
        let conversation = try await reopened.conversation(in: session)
        XCTAssertEqual(conversation, [.user("time?"), reply, results])

        // Kept in the words `ask --json` uses, not Swift's names.
        let json = try await reopened.connections.read { db in
            try String.fetchOne(db, sql: "SELECT parts FROM messages WHERE role = 'tool'")
        }
        let text = try XCTUnwrap(json)
        XCTAssertTrue(text.contains(#""decision":"always""#), text)
        XCTAssertTrue(text.contains(#""decision":"refused""#) && text.contains(#""refusal":"not that one""#), text)
        XCTAssertTrue(text.contains(#""duration_ms":42"#), text)
    }

    func testAnExportKeepsHowEachCallWasAnsweredAndAnImportRestoresIt() async throws {
        let store = try SQLiteStore(url: url)
        let session = try await store.createSession(NewSession(firstPrompt: "time?", model: "acme/model"))
        let (first, second) = (UUID(), UUID())
        let call = ToolCall(id: "call_1", name: "delete_everything", arguments: "{}")
        try await store.commitPrompt(session: session, turn: first, text: "time?")
        try await store.openReply(session: session, turn: first, promptTurn: first, requestedModel: "acme/model")
        try await store.finishReply(turn: first, AssistantCompletion(text: "", status: .complete, parts: [.toolCall(call)]))
        let record = ToolCallRecord(call: call, server: "files", decision: .refuse(reason: "not that one"),
                                    result: ToolResult(callID: call.id, text: "refused", isError: true, name: call.name))
        try await store.commitPrompt(session: session, turn: second, message: ChatMessage(role: .tool, parts: [.toolResult(record.sentResult)]))

        let exported = try store.exportJSON(session)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: exported) as? [String: Any])
        let metadata = try XCTUnwrap(object["metadata"] as? [[String: Any]])
        let result = try XCTUnwrap((metadata[2]["parts"] as? [[String: Any]])?.first)
        XCTAssertEqual(result["type"] as? String, "tool_result")
        let run = try XCTUnwrap(result["run"] as? [String: Any])
        XCTAssertEqual(run["server"] as? String, "files")
        XCTAssertEqual(run["decision"] as? String, "refused")
        XCTAssertEqual(run["refusal"] as? String, "not that one")

        let fresh = try SQLiteStore(url: directory.url.appendingPathComponent("fresh.sqlite"))
        let imported = try fresh.importJSON(exported)
        let loaded = try await fresh.loadSession(imported.sessionID.uuidString.lowercased())
        XCTAssertEqual(loaded.messages.last?.chatMessage.toolResults.map(\.run), [record.sentResult.run])
    }

    func testAResultStoredBeforeRunsWereKeptReadsWithoutOne() throws {
        let old = #"[{"toolResult":{"_0":{"callID":"c","content":[{"text":{"_0":"12:00"}}],"isError":false}}}]"#
        let parts = try XCTUnwrap(try StoredParts.decode(old))
        XCTAssertEqual(parts, [.toolResult(ToolResult(callID: "c", text: "12:00"))])
    }
}
