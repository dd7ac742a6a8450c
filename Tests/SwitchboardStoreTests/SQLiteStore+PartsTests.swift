import GRDB
import XCTest
import SwitchboardCore
@testable import SwitchboardStore

/// Message parts through a real SQLite file: what a later process reads back and sends on the next turn is the
/// conversation that was stored, attachments, tool calls, tool results and thinking included.
final class SQLiteStorePartsTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
    }

    private var url: URL { directory.url.appendingPathComponent("history.sqlite") }

    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0xFF, 0x10])
    static let prompt = ChatMessage(role: .user, parts: [
        .text("What is in these?"),
        .image(ImagePart(data: png, mediaType: "image/png")),
        .image(ImagePart(url: URL(string: "https://example.com/cat.jpg")!)),
        .document(DocumentPart(data: Data("%PDF-1.7 zebra".utf8), mediaType: "application/pdf", name: "spec.pdf")),
    ])
    static let reply = ChatMessage(role: .assistant, parts: [
        .reasoning(ReasoningPart(text: "Look it up.", signature: "sig-1",
                                 origin: ReasoningOrigin(wire: .anthropic, provider: "anthropic", model: "claude-x"))),
        .reasoning(ReasoningPart(text: "", redactedData: "ENCRYPTED", origin: ReasoningOrigin(wire: .anthropic, provider: "anthropic"))),
        .text("Let me check."),
        .toolCall(ToolCall(id: "toolu_1", name: "lookup", arguments: #"{"q": "platypus"}"#)),
        .toolCall(ToolCall(id: "call_2", name: "weather", arguments: "{not json", signature: "gsig")),
    ])
    static let results = [
        ChatMessage.toolResult(ToolResult(callID: "toolu_1", text: "a mammal", name: "lookup")),
        ChatMessage.toolResult(ToolResult(callID: "call_2", content: [.text("rain"), .image(ImagePart(data: png, mediaType: "image/png"))],
                                          isError: true, name: "weather")),
    ]

    /// Writes a tool conversation the way `TurnRecorder` does and returns the session.
    private func storeToolConversation(_ store: SQLiteStore) async throws -> UUID {
        let (first, second) = (UUID(), UUID())
        let session = try await store.createSession(NewSession(firstPrompt: "What is in these?", model: nil, systemPrompt: "Be brief."))
        try await store.commitPrompt(session: session, turn: first, message: Self.prompt)
        try await store.openReply(session: session, turn: first, promptTurn: first, requestedModel: "anthropic/claude-x")
        try await store.checkpointReply(turn: first, text: "Let me")
        try await store.finishReply(turn: first, AssistantCompletion(
            text: Self.reply.text, status: .complete, usage: Usage(input: 10, output: 5, cacheWrite1h: 7, images: 2),
            parts: StoredMessage.storedParts(of: Self.reply)))
        for result in Self.results { try await store.commitPrompt(session: session, turn: second, message: result) }
        try await store.openReply(session: session, turn: second, promptTurn: second, requestedModel: "openai/gpt-x")
        try await store.finishReply(turn: second, AssistantCompletion(text: "A platypus.", status: .complete))
        return session
    }

    func testEveryPartKindComesBackFromTheFileAsTheConversationToSend() async throws {
        let session = try await storeToolConversation(try SQLiteStore(url: url))

        let reopened = try SQLiteStore(url: url)
        let conversation = try await reopened.conversation(in: session)
        XCTAssertEqual(conversation, [.system("Be brief."), Self.prompt, Self.reply] + Self.results + [.assistant("A platypus.")])
        let loaded = try await reopened.loadSession(session.uuidString)
        XCTAssertEqual(loaded.messages.map(\.chatMessage), Array(conversation.dropFirst()))
        XCTAssertEqual(loaded.messages.map(\.role), [.user, .assistant, .tool, .tool, .assistant])
        // The reply answers the last tool result; the visible text is the text parts only.
        XCTAssertEqual(loaded.messages[4].parentID, loaded.messages[3].id)
        XCTAssertEqual(loaded.messages[1].text, "Let me check.")
        XCTAssertEqual(loaded.messages[1].usage?.cacheWrite1h, 7)
        XCTAssertEqual(loaded.messages[1].usage?.images, 2)
    }

    /// Text-only messages are stored exactly as before parts existed (NULL parts), and search reads text only:
    /// neither a PDF's bytes nor a tool call's arguments are found.
    func testTextOnlyMessagesKeepNoPartsAndSearchSeesTextOnly() async throws {
        let store = try SQLiteStore(url: url)
        _ = try await storeToolConversation(store)
        let kinds = try await store.connections.read { db in
            try String.fetchAll(db, sql: "SELECT role || ':' || (parts IS NULL) FROM messages ORDER BY id")
        }
        XCTAssertEqual(kinds, ["user:0", "assistant:0", "tool:0", "tool:0", "assistant:1"])
        XCTAssertEqual(try store.search("platypus").map(\.role), [.assistant])
        XCTAssertEqual(try store.search("zebra").count, 0)
        XCTAssertEqual(try store.search("mammal").count, 0)
    }

    /// A checkpoint writes the text only; the end of the reply brings its parts.
    func testCheckpointLeavesPartsToTheEnd() async throws {
        let store = try SQLiteStore(url: url)
        let turn = UUID()
        let session = try await store.createSession(NewSession(firstPrompt: "q", model: nil))
        try await store.commitPrompt(session: session, turn: turn, text: "q")
        try await store.openReply(session: session, turn: turn, promptTurn: turn, requestedModel: "m")
        try await store.checkpointReply(turn: turn, text: "partial")
        XCTAssertNil(try store.messages(in: session).last?.parts)
        try await store.finishReply(turn: turn, AssistantCompletion(text: "Let me check.", status: .complete,
                                                                    parts: StoredMessage.storedParts(of: Self.reply)))
        XCTAssertEqual(try store.messages(in: session).last?.chatMessage, Self.reply)
    }
}
