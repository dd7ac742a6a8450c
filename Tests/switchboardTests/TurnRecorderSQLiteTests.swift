import GRDB
import XCTest
import SwitchboardCore
@testable import SwitchboardStore
@testable import switchboard

/// The `ask` recorder over a real SQLite file whose writes fail: a full disk (SQLite's own SQLITE_FULL, from a
/// page limit) and a damaged full-text index (SQLITE_CORRUPT). One report, no write per token after a failure.
final class AskRecorderTests: XCTestCase {
    private var directory: TemporaryFolder!
    private var store: SQLiteStore!
    private let turn = UUID()
    private var session = UUID()

    override func setUpWithError() throws {
        directory = try TemporaryFolder()
        store = try SQLiteStore(url: directory.url.appendingPathComponent("history.sqlite"))
    }

    private func recorder() throws -> AskRecorder {
        session = try store.createSession(firstPrompt: "q", model: "demo/mini").id
        return try AskRecorder(store: store, session: session, turn: turn, prompt: "q", requestedModel: "demo/mini")
    }

    /// From now on the file cannot grow: the next write that needs a page fails with SQLITE_FULL.
    private func fillDisk() throws {
        try store.pool.write { db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            _ = try Int.fetchOne(db, sql: "PRAGMA max_page_count = \(pages)")
        }
    }

    private func freeDisk() throws {
        try store.pool.write { db in _ = try Int.fetchOne(db, sql: "PRAGMA max_page_count = 1073741823") }
    }

    private func reply() throws -> SwitchboardStore.StoredMessage {
        try XCTUnwrap(try store.messages(in: session).last { $0.role == .assistant })
    }

    private func writes() throws -> Int { try store.pool.write { db in db.totalChangesCount } }

    /// The database file and its WAL, byte for byte.
    private func files() throws -> [Data?] {
        [store.url.path, store.url.path + "-wal"].map { FileManager.default.contents(atPath: $0) }
    }

    /// Big deltas, each after the checkpoint interval, so each asks for a checkpoint that needs new pages.
    @discardableResult
    private func stream(_ recorder: AskRecorder, chunks: Int, tag: String) -> String {
        var sent = ""
        for index in 0..<chunks {
            Thread.sleep(forTimeInterval: 0.27)
            let delta = String(repeating: "\(tag)\(index) ", count: 20_000)
            recorder.handle(.delta(delta))
            sent += delta
        }
        return sent
    }

    private func summary(_ text: String) -> TurnSummary {
        TurnSummary(route: RouteInfo(model: "demo/mini", provider: "demo", providerModel: "demo-mini", reason: "explicit"),
                    text: text, usage: Usage(input: 3, output: 40), duration: .seconds(1), complete: true, attempts: [])
    }

    func testAFullDiskStopsCheckpointsAndTheTurnExitsUnsavedWithOneLine() throws {
        let recorder = try recorder()
        try fillDisk()
        var text = stream(recorder, chunks: 3, tag: "a")
        let before = try writes()
        text += stream(recorder, chunks: 3, tag: "b")
        XCTAssertEqual(try writes(), before, "after the first failed checkpoint, no more checkpoints")
        recorder.handle(.finished(summary(text)))
        XCTAssertTrue(recorder.isUnsaved)
        let report = try XCTUnwrap(recorder.unsavedReport)
        XCTAssertTrue(report.contains("could not be saved"), report)
        XCTAssertTrue(report.contains("full"), report)
        XCTAssertFalse(report.contains("\n"), "one line")
        XCTAssertEqual(AskCommand.exitCode(0, recorder: recorder), AskRecorder.unsavedExitCode)
        XCTAssertEqual(AskCommand.exitCode(4, recorder: recorder), AskRecorder.unsavedExitCode)
        XCTAssertEqual(AskCommand.exitCode(3, recorder: recorder), 3, "a failed turn keeps its own code")
        XCTAssertEqual(try reply().status, .incomplete)
    }

    func testAfterAFailedCheckpointTheFinalSaveStillRuns() throws {
        let recorder = try recorder()
        try fillDisk()
        stream(recorder, chunks: 2, tag: "a")
        try freeDisk()
        stream(recorder, chunks: 2, tag: "b")
        XCTAssertEqual(try reply().text, "", "checkpoints stopped at the first failure")
        recorder.handle(.finished(summary("the whole answer")))
        XCTAssertEqual(try reply().text, "the whole answer")
        XCTAssertEqual(try reply().status, .complete)
        XCTAssertFalse(recorder.isUnsaved)
        XCTAssertNil(recorder.unsavedReport)
        XCTAssertEqual(AskCommand.exitCode(0, recorder: recorder), 0)
    }

    func testALedgerFailureMakesTheTurnUnsavedWithoutASecondLine() throws {
        let recorder = try recorder()
        var finished = summary("answer")
        finished.ledgerError = "could not record attempt 1 in the ledger: disk full"
        recorder.handle(.finished(finished))
        XCTAssertTrue(recorder.isUnsaved)
        XCTAssertNil(recorder.unsavedReport, "the engine's notice already said it")
        XCTAssertEqual(AskCommand.exitCode(0, recorder: recorder), AskRecorder.unsavedExitCode)
    }

    func testADamagedFileGetsNothingMoreAndOneLine() throws {
        let recorder = try recorder()
        // Damage the full-text index's structure record, from another connection as another process would (the
        // store's own connection then sees the file changed): the next indexed write hits SQLITE_CORRUPT.
        let other = try DatabaseQueue(path: store.url.path)
        try other.write { db in
            // A cookie, then a level count (16383) no index can have.
            try db.execute(sql: "UPDATE message_search_data SET block = x'00000000ff7f00' WHERE id = 10")
        }
        try other.close()
        stream(recorder, chunks: 1, tag: "a")
        let before = try files()
        stream(recorder, chunks: 2, tag: "b")
        recorder.handle(.finished(summary("the whole answer")))
        XCTAssertEqual(try files(), before, "nothing more is written to a damaged file")
        XCTAssertTrue(recorder.isUnsaved)
        let report = try XCTUnwrap(recorder.unsavedReport)
        XCTAssertTrue(report.contains("damaged"), report)
        XCTAssertTrue(report.contains("nothing more was written"), report)
        XCTAssertEqual(AskCommand.exitCode(0, recorder: recorder), StoreOptions.damagedExitCode)
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
