import Foundation
import XCTest
import SwitchboardCore
@testable import SwitchboardStore

/// `history show` and the Markdown export show a session's compaction summary after the reply it ends with.
final class HistoryCompactionTests: XCTestCase {
    private var cli: CLIRunner!
    private var db: String { cli.home.appendingPathComponent("history.sqlite").path }

    override func setUpWithError() throws {
        cli = try CLIRunner()
    }

    override func tearDown() { cli?.cleanUp() }

    private func compactedSession() async throws {
        let store = try SQLiteStore(url: URL(fileURLWithPath: db))
        let session = try await store.createSession(NewSession(firstPrompt: "q1", model: "demo/mini"))
        var last = UUID()
        for (prompt, answer) in [("q1", "a1"), ("q2", "a2")] {
            last = UUID()
            try await store.commitPrompt(session: session, turn: last, text: prompt)
            try await store.openReply(session: session, turn: last, promptTurn: last, requestedModel: "demo/mini")
            try await store.finishReply(turn: last, AssistantCompletion(text: answer, status: .complete))
        }
        try await store.recordCompaction(SessionCompaction(turn: UUID(), throughTurn: last, summary: "They asked q1 and q2.",
                                                           turns: 2, tokensBefore: 1_240, tokensAfter: 12, model: "demo/mini",
                                                           cost: Money(Decimal(string: "0.000012") ?? 0)), session: session)
        try await store.commitPrompt(session: session, turn: UUID(), text: "q3")
    }

    func testShowPrintsTheSummaryAfterTheReplyItEndsWith() async throws {
        try await compactedSession()
        let result = try cli.run(["history", "show", "--db", db, "last"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let divider = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("── compacted") }, result.stdout)
        XCTAssertEqual(lines[divider], "── compacted 2 turns into a summary (1,240 tokens → 12) · demo/mini · $0.000012")
        XCTAssertEqual(lines[divider + 1], "They asked q1 and q2.")
        XCTAssertEqual(lines[divider - 2], "a2", "right after the reply it ends with")
        XCTAssertTrue(lines[(divider + 2)...].contains("q3"))
    }

    func testTheMarkdownExportHasTheSummary() async throws {
        try await compactedSession()
        let markdown = try await SQLiteStore(url: URL(fileURLWithPath: db)).exportMarkdown("last")
        XCTAssertTrue(markdown.contains("a2\n\n## Summary · compacted 2 turns into a summary (1,240 tokens → 12) · demo/mini · $0.000012\n\n"
                                        + "They asked q1 and q2.\n"), markdown)
    }
}
