import GRDB
import XCTest
import SwitchboardCore
@testable import SwitchboardStore
import SwitchboardTUI
@testable import switchboard

/// The workbench's store when writes fail: a full disk (SQLITE_FULL from a page limit) stops a turn's checkpoints
/// after the first failure but not its final save; a damaged file gets nothing more.
final class WorkbenchSQLiteStoreFailureTests: XCTestCase {
    private var folder: TemporaryFolder!
    private var sqlite: SQLiteStore!
    private var store: WorkbenchSQLiteStore!
    private let turn = UUID()
    private var session = ""

    override func setUp() async throws {
        folder = try TemporaryFolder()
        sqlite = try SQLiteStore(url: folder.url.appendingPathComponent("workbench.sqlite"))
        store = WorkbenchSQLiteStore(store: sqlite)
        session = try await store.appendUserMessage(sessionID: nil, turnID: turn, text: "q", model: "demo/mini", task: nil)
        try await store.beginAssistantMessage(sessionID: session, turnID: turn, promptTurn: turn, model: "demo/mini")
    }

    private func setPageLimit(_ limit: Int?) throws {
        try sqlite.pool.write { db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            _ = try Int.fetchOne(db, sql: "PRAGMA max_page_count = \(limit ?? pages)")
        }
    }

    private func replyText() throws -> String? {
        try sqlite.messages(in: try sqlite.resolveSession(session)).last { $0.role == .assistant }?.text
    }

    private let big = String(repeating: "word ", count: 100_000)

    func testAfterAFailedCheckpointTheTurnsCheckpointsStopAndTheFinalSaveRuns() async throws {
        try setPageLimit(nil)
        do {
            try await store.checkpointAssistantMessage(turnID: turn, text: big)
            XCTFail("a full disk should refuse the checkpoint")
        } catch {
            XCTAssertTrue("\(error)".contains("full"), "\(error)")
        }
        try setPageLimit(1_073_741_823)
        try await store.checkpointAssistantMessage(turnID: turn, text: big + "more")
        XCTAssertEqual(try replyText(), "", "no checkpoint after the first failure: one report, not one per checkpoint")
        try await store.finishAssistantMessage(turnID: turn, outcome: AssistantOutcome(text: big + "end", status: .complete))
        XCTAssertEqual(try replyText(), big + "end")
    }

    func testADamagedFileGetsNothingMore() async throws {
        let other = try DatabaseQueue(path: sqlite.url.path)
        try await other.write { db in
            try db.execute(sql: "UPDATE message_search_data SET block = x'00000000ff7f00' WHERE id = 10")
        }
        try other.close()
        do {
            try await store.checkpointAssistantMessage(turnID: turn, text: "partial")
            XCTFail("a damaged index should refuse the write")
        } catch {
            XCTAssertEqual((error as? StoreError).map { if case .corrupt = $0 { true } else { false } }, true, "\(error)")
        }
        let before = [sqlite.url.path, sqlite.url.path + "-wal"].map { FileManager.default.contents(atPath: $0) }
        await XCTAssertThrowsErrorAsync(try await store.finishAssistantMessage(
            turnID: turn, outcome: AssistantOutcome(text: "answer", status: .complete)))
        await XCTAssertThrowsErrorAsync(try await store.renameSession(session, title: "renamed"))
        XCTAssertEqual([sqlite.url.path, sqlite.url.path + "-wal"].map { FileManager.default.contents(atPath: $0) }, before)
    }
}

private func XCTAssertThrowsErrorAsync(_ body: @autoclosure () async throws -> Void, file: StaticString = #filePath,
                                       line: UInt = #line) async {
    do {
        try await body()
        XCTFail("expected an error", file: file, line: line)
    } catch {}
}
