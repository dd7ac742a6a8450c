import XCTest
import SwitchboardCore
import SwitchboardTestSupport
@testable import SwitchboardStore

/// `TurnRecorder` over a real SQLite file keeps what a turn is made of beyond its text: the prompt's attachments
/// when the turn begins, the reply's thinking and tool calls when it ends; the next turn's history has them.
final class TurnRecorderPartsSQLiteTests: XCTestCase {
    private var directory: TemporaryFolder!
    private var store: SQLiteStore!

    override func setUpWithError() throws {
        directory = try TemporaryFolder()
        store = try SQLiteStore(url: directory.url.appendingPathComponent("history.sqlite"))
    }

    func testAttachmentPromptAndToolCallReplyAreStoredAndSentNextTurn() async throws {
        let session = try store.createSession(firstPrompt: "see this", model: "demo/mini").id
        let turn = UUID()
        let recorder = TurnRecorder(store: store, session: session, turn: turn, requestedModel: "demo/mini", clock: StepClock())
        let prompt = ChatMessage(role: .user, parts: [
            .text("see this"), .image(ImagePart(data: Data([0x89, 0x50, 0x4E, 0x47]), mediaType: "image/png")),
            .document(DocumentPart(data: Data("notes".utf8), mediaType: "text/plain", name: "notes.txt")),
        ])
        try await recorder.begin(message: prompt)
        XCTAssertEqual(try store.messages(in: session).first?.chatMessage, prompt, "committed before the request leaves")

        await recorder.handle(.delta("Checking"))
        let thinking = ReasoningPart(text: "Need the tool.", signature: "s1",
                                     origin: ReasoningOrigin(wire: .anthropic, provider: "anthropic", model: "claude"))
        let call = ToolCall(id: "toolu_9", name: "lookup", arguments: #"{"q":"png"}"#)
        let summary = TurnSummary(route: RouteInfo(model: "demo/mini", provider: "demo", providerModel: "mini", reason: "explicit"),
                                  text: "", usage: Usage(input: 5, output: 2), duration: .milliseconds(10), complete: true,
                                  finishReason: "tool_use", attempts: [], toolCalls: [call], reasoning: [thinking])
        await recorder.handle(.finished(summary))

        let reopened = try SQLiteStore(url: store.url)
        let conversation = try await reopened.conversation(in: session)
        XCTAssertEqual(conversation, [prompt, ChatMessage(role: .assistant, parts: [.reasoning(thinking), .toolCall(call)])])
        XCTAssertEqual(try reopened.messages(in: session).last?.status, .complete)
        let unsaved = await recorder.unsavedReport
        XCTAssertNil(unsaved)
    }

    /// A text-only reply stays a text-only row: no parts column written.
    func testTextReplyStoresNoParts() async throws {
        let session = try store.createSession(firstPrompt: "q", model: "demo/mini").id
        let recorder = TurnRecorder(store: store, session: session, turn: UUID(), requestedModel: "demo/mini", clock: StepClock())
        try await recorder.begin(prompt: "q")
        await recorder.handle(.finished(TurnSummary(route: RouteInfo(model: "demo/mini", provider: "demo", providerModel: "mini", reason: "explicit"),
                                                    text: "a", usage: Usage(), duration: .milliseconds(1), complete: true, attempts: [])))
        XCTAssertEqual(try store.messages(in: session).map(\.parts), [nil, nil])
    }
}
