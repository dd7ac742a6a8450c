import GRDB
import XCTest
import SwitchboardCore
import SwitchboardTestSupport
@testable import SwitchboardStore
@testable import switchboard

/// The one `TurnRecorder` over a real SQLite file whose writes fail: a full disk (SQLite's own SQLITE_FULL, from a
/// page limit) and a damaged full-text index (SQLITE_CORRUPT). One report, no write per token after a failure,
/// and `ask`'s exit code for it. Time is a step clock: no sleeps.
final class TurnRecorderSQLiteTests: XCTestCase {
    private var directory: TemporaryFolder!
    private var store: SQLiteStore!
    private let turn = UUID()
    private var session = UUID()
    private let clock = StepClock()

    override func setUpWithError() throws {
        directory = try TemporaryFolder()
        store = try SQLiteStore(url: directory.url.appendingPathComponent("history.sqlite"))
    }

    private func recorder() async throws -> TurnRecorder {
        session = try store.createSession(firstPrompt: "q", model: "demo/mini").id
        let recorder = TurnRecorder(store: store, session: session, turn: turn, requestedModel: "demo/mini", clock: clock)
        try await recorder.begin(prompt: "q")
        return recorder
    }

    /// From now on the file cannot grow: the next write that needs a page fails with SQLITE_FULL.
    private func fillDisk() throws {
        try store.connections.write { db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            _ = try Int.fetchOne(db, sql: "PRAGMA max_page_count = \(pages)")
        }
    }

    private func freeDisk() throws {
        try store.connections.write { db in _ = try Int.fetchOne(db, sql: "PRAGMA max_page_count = 1073741823") }
    }

    private func reply() throws -> StoredMessage {
        try XCTUnwrap(try store.messages(in: session).last { $0.role == .assistant })
    }

    private func writes() throws -> Int { try store.connections.write { db in db.totalChangesCount } }

    /// The database file and its WAL, byte for byte.
    private func files() throws -> [Data?] {
        [store.url.path, store.url.path + "-wal"].map { FileManager.default.contents(atPath: $0) }
    }

    /// Big deltas, each after the checkpoint interval, so each asks for a checkpoint that needs new pages.
    @discardableResult
    private func stream(_ recorder: TurnRecorder, chunks: Int, tag: String) async -> String {
        var sent = ""
        for index in 0..<chunks {
            clock.advance(by: .milliseconds(270))
            let delta = String(repeating: "\(tag)\(index) ", count: 20_000)
            await recorder.handle(.delta(delta))
            await recorder.waitForCheckpoint()  // a checkpoint is written beside the stream: let it land
            sent += delta
        }
        return sent
    }

    private func summary(_ text: String) -> TurnSummary {
        TurnSummary(route: RouteInfo(model: "demo/mini", provider: "demo", providerModel: "demo-mini", reason: "explicit"),
                    text: text, usage: Usage(input: 3, output: 40), duration: .seconds(1), complete: true, attempts: [])
    }

    func testAFullDiskStopsCheckpointsAndTheTurnExitsUnsavedWithOneLine() async throws {
        let recorder = try await recorder()
        try fillDisk()
        var text = await stream(recorder, chunks: 3, tag: "a")
        let before = try writes()
        text += await stream(recorder, chunks: 3, tag: "b")
        XCTAssertEqual(try writes(), before, "after the first failed checkpoint, no more checkpoints")
        await recorder.handle(.finished(summary(text)))
        let unsaved = await recorder.isUnsaved
        XCTAssertTrue(unsaved)
        let line = await recorder.unsavedReport
        let report = try XCTUnwrap(line)
        XCTAssertTrue(report.contains("could not be saved"), report)
        XCTAssertTrue(report.contains("full"), report)
        XCTAssertFalse(report.contains("\n"), "one line")
        let exit0 = await AskCommand.exitCode(0, recorder: recorder)
        XCTAssertEqual(exit0, AskCommand.unsavedExitCode)
        let exit4 = await AskCommand.exitCode(4, recorder: recorder)
        XCTAssertEqual(exit4, AskCommand.unsavedExitCode)
        let exit3 = await AskCommand.exitCode(3, recorder: recorder)
        XCTAssertEqual(exit3, 3, "a failed turn keeps its own code")
        XCTAssertEqual(try reply().status, .incomplete)
    }

    func testAfterAFailedCheckpointTheFinalSaveStillRuns() async throws {
        let recorder = try await recorder()
        try fillDisk()
        await stream(recorder, chunks: 2, tag: "a")
        try freeDisk()
        await stream(recorder, chunks: 2, tag: "b")
        XCTAssertEqual(try reply().text, "", "checkpoints stopped at the first failure")
        await recorder.handle(.finished(summary("the whole answer")))
        XCTAssertEqual(try reply().text, "the whole answer")
        XCTAssertEqual(try reply().status, .complete)
        let unsaved = await recorder.isUnsaved
        XCTAssertFalse(unsaved)
        let report = await recorder.unsavedReport
        XCTAssertNil(report)
        let exit0 = await AskCommand.exitCode(0, recorder: recorder)
        XCTAssertEqual(exit0, 0)
    }

    func testALedgerFailureMakesTheTurnUnsavedWithoutASecondLine() async throws {
        let recorder = try await recorder()
        var finished = summary("answer")
        finished.ledgerError = "could not record attempt 1 in the ledger: disk full"
        await recorder.handle(.finished(finished))
        let unsaved = await recorder.isUnsaved
        XCTAssertTrue(unsaved)
        let report = await recorder.unsavedReport
        XCTAssertNil(report, "the engine's notice already said it")
        let exit0 = await AskCommand.exitCode(0, recorder: recorder)
        XCTAssertEqual(exit0, AskCommand.unsavedExitCode)
    }

    func testADamagedFileGetsNothingMoreAndOneLine() async throws {
        let recorder = try await recorder()
        // Damage the full-text index's structure record, from another connection as another process would (the
        // store's own connection then sees the file changed): the next indexed write hits SQLITE_CORRUPT.
        let other = try DatabaseQueue(path: store.url.path)
        try await other.write { db in
            // A cookie, then a level count (16383) no index can have.
            try db.execute(sql: "UPDATE message_search_data SET block = x'00000000ff7f00' WHERE id = 10")
        }
        try other.close()
        await stream(recorder, chunks: 1, tag: "a")
        let before = try files()
        await stream(recorder, chunks: 2, tag: "b")
        await recorder.handle(.finished(summary("the whole answer")))
        XCTAssertEqual(try files(), before, "nothing more is written to a damaged file")
        let unsaved = await recorder.isUnsaved
        XCTAssertTrue(unsaved)
        let line = await recorder.unsavedReport
        let report = try XCTUnwrap(line)
        XCTAssertTrue(report.contains("damaged"), report)
        XCTAssertTrue(report.contains("nothing more was written"), report)
        let exit0 = await AskCommand.exitCode(0, recorder: recorder)
        XCTAssertEqual(exit0, StoreOptions.damagedExitCode)
        // What the workbench checks when it ends, to exit 7 as well.
        XCTAssertNotNil(HistoryDatabaseFile.damageFound(in: store))
    }
}

/// A fresh directory per test, removed afterwards.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("sb-recorder-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}
