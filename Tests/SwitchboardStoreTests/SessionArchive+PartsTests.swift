import Foundation
import XCTest
import SwitchboardCore
@testable import SwitchboardStore

/// Exports, imports and `history show` of messages with parts: a tool conversation with attachments and thinking
/// exports as version 2 with every part (bytes base64), imports into a fresh file as the same conversation and
/// exports again byte for byte; `history show --json` lists the parts without the bytes.
final class SessionArchivePartsTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
    }

    private func storedToolSession() async throws -> (SQLiteStore, UUID) {
        let store = try SQLiteStore(url: directory.file("parts.sqlite"))
        let (first, second) = (UUID(), UUID())
        let session = try await store.createSession(NewSession(firstPrompt: "What is in these?", model: nil))
        try await store.commitPrompt(session: session, turn: first, message: SQLiteStorePartsTests.prompt)
        try await store.openReply(session: session, turn: first, promptTurn: first, requestedModel: "anthropic/claude-x")
        try await store.finishReply(turn: first, AssistantCompletion(
            text: SQLiteStorePartsTests.reply.text, status: .complete, usage: Usage(input: 10, output: 5, cacheWrite1h: 7, images: 2),
            parts: StoredMessage.storedParts(of: SQLiteStorePartsTests.reply)))
        for result in SQLiteStorePartsTests.results { try await store.commitPrompt(session: session, turn: second, message: result) }
        try await store.openReply(session: session, turn: second, promptTurn: second, requestedModel: "openai/gpt-x")
        try await store.finishReply(turn: second, AssistantCompletion(text: "A platypus.", status: .complete))
        return (store, session)
    }

    func testExportImportExportKeepsEveryPart() async throws {
        let (store, session) = try await storedToolSession()
        let exported = try store.exportJSON(session)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: exported) as? [String: Any])
        XCTAssertEqual(object["version"] as? Int, 2)

        let fresh = try SQLiteStore(url: directory.file("fresh.sqlite"))
        let imported = try fresh.importJSON(exported)
        let copied = try await fresh.conversation(in: imported.sessionID)
        let original = try await store.conversation(in: session)
        XCTAssertEqual(copied, original)
        XCTAssertEqual(copied.count, 5)
        XCTAssertEqual(try fresh.messages(in: imported.sessionID).map(\.usage), try store.messages(in: session).map(\.usage))
        XCTAssertEqual(try fresh.exportJSON(imported.sessionID), exported)
    }

    func testExportWritesPartsReadablyWithBytesAsBase64() async throws {
        let (store, session) = try await storedToolSession()
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: try store.exportJSON(session)) as? [String: Any])
        let metadata = try XCTUnwrap(object["metadata"] as? [[String: Any]])
        let promptParts = try XCTUnwrap(metadata[0]["parts"] as? [[String: Any]])
        XCTAssertEqual(promptParts[1]["type"] as? String, "image")
        XCTAssertEqual(promptParts[1]["media_type"] as? String, "image/png")
        XCTAssertEqual(promptParts[1]["size"] as? Int, SQLiteStorePartsTests.png.count)
        XCTAssertEqual(promptParts[1]["data"] as? String, SQLiteStorePartsTests.png.base64EncodedString())
        XCTAssertEqual(promptParts[3]["name"] as? String, "spec.pdf")
        let replyParts = try XCTUnwrap(metadata[1]["parts"] as? [[String: Any]])
        XCTAssertEqual(replyParts.map { $0["type"] as? String }, ["reasoning", "reasoning", "text", "tool_call", "tool_call"])
        XCTAssertEqual(replyParts[3]["arguments"] as? String, #"{"q": "platypus"}"#, "exactly as the model wrote them")
        XCTAssertEqual((replyParts[0]["origin"] as? [String: Any])?["wire"] as? String, "anthropic")
        let usage = try XCTUnwrap(metadata[1]["usage"] as? [String: Any])
        XCTAssertEqual(usage["cache_write_1h"] as? Int, 7)
        XCTAssertEqual(usage["images"] as? Int, 2)
        XCTAssertNil(metadata[4]["parts"], "a text-only message has no parts key")
        XCTAssertNil((metadata[4]["usage"] as? [String: Any])?["images"], "zero counts of the new kinds are left out")
        let messages = try XCTUnwrap(object["messages"] as? [[String: Any]])
        XCTAssertEqual(messages.map { $0["role"] as? String }, ["user", "assistant", "tool", "tool", "assistant"])
    }

    func testShowJSONListsPartsWithoutBytes() async throws {
        let (store, session) = try await storedToolSession()
        let shown = try StoreJSON.show(try store.sessionDetail(session))
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: shown) as? [String: Any])
        let messages = try XCTUnwrap(object["messages"] as? [[String: Any]])
        let image = try XCTUnwrap((messages[0]["parts"] as? [[String: Any]])?[1])
        XCTAssertEqual(image["size"] as? Int, SQLiteStorePartsTests.png.count)
        XCTAssertNil(image["data"])
        let call = try XCTUnwrap((messages[1]["parts"] as? [[String: Any]])?[3])
        XCTAssertEqual(call["id"] as? String, "toolu_1")
        XCTAssertEqual(call["name"] as? String, "lookup")
        XCTAssertEqual(call["arguments"] as? [String: String], ["q": "platypus"])
        let broken = try XCTUnwrap((messages[1]["parts"] as? [[String: Any]])?[4])
        XCTAssertEqual(broken["arguments"] as? String, "{not json", "arguments that do not parse stay text")
        let result = try XCTUnwrap((messages[3]["parts"] as? [[String: Any]])?[0])
        XCTAssertEqual(result["call_id"] as? String, "call_2")
        XCTAssertEqual(result["is_error"] as? Bool, true)
        XCTAssertNil(messages[4]["parts"])
    }

    func testTextTranscriptAndMarkdownNameEveryPart() async throws {
        let (store, session) = try await storedToolSession()
        let lines = try store.messages(in: session).map(\.partLines)
        XCTAssertEqual(lines[0], ["[image image/png 11 B]", "[image https://example.com/cat.jpg]",
                                  "[document spec.pdf application/pdf 14 B]"])
        XCTAssertEqual(lines[1], ["[thinking] Look it up.", "[thinking, redacted]",
                                  #"[tool call lookup toolu_1] {"q": "platypus"}"#, "[tool call weather call_2] {not json"])
        XCTAssertEqual(lines[2], ["[tool result lookup toolu_1] a mammal"])
        XCTAssertEqual(lines[3], ["[tool result weather call_2 error] rain [image image/png 11 B]"])
        XCTAssertEqual(lines[4], [])
        XCTAssertTrue(try store.exportMarkdown(session).contains("> [tool call lookup toolu_1] {\"q\": \"platypus\"}\n"))
    }

    func testAPartOfUnknownTypeIsRefused() async throws {
        let (store, session) = try await storedToolSession()
        let text = String(decoding: try store.exportJSON(session), as: UTF8.self)
            .replacingOccurrences(of: "\"type\" : \"tool_call\"", with: "\"type\" : \"hologram\"")
        XCTAssertThrowsError(try SQLiteStore.checkArchive(Data(text.utf8))) { error in
            XCTAssertTrue("\(error)".contains("unknown part type 'hologram'"), "\(error)")
        }
    }
}
