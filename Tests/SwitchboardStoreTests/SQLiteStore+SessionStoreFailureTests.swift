import GRDB
import XCTest
import SwitchboardCore
@testable import SwitchboardStore

/// The port's writes when the file refuses them: a full disk (SQLITE_FULL from a page limit) is one line that
/// says so; a damaged file gets nothing more, whichever write comes next.
final class SQLiteStoreSessionStoreFailureTests: XCTestCase {
    private var folder: TemporaryDirectory!
    private var sqlite: SQLiteStore!
    private let turn = UUID()
    private var session = UUID()

    override func setUp() async throws {
        folder = try TemporaryDirectory()
        sqlite = try SQLiteStore(url: folder.url.appendingPathComponent("workbench.sqlite"))
        session = try await sqlite.createSession(NewSession(firstPrompt: "q", model: "demo/mini"))
        try await sqlite.commitPrompt(session: session, turn: turn, text: "q")
        try await sqlite.openReply(session: session, turn: turn, promptTurn: turn, requestedModel: "demo/mini")
    }

    private func setPageLimit(_ limit: Int?) throws {
        try sqlite.connections.write { db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            _ = try Int.fetchOne(db, sql: "PRAGMA max_page_count = \(limit ?? pages)")
        }
    }

    private let big = String(repeating: "word ", count: 100_000)

    func testAFullDiskIsOneLineAndNotDamage() async throws {
        try setPageLimit(nil)
        do {
            try await sqlite.checkpointReply(turn: turn, text: big)
            XCTFail("a full disk should refuse the checkpoint")
        } catch {
            XCTAssertTrue("\(error)".contains("full"), "\(error)")
            XCTAssertFalse("\(error)".contains("\n"), "one line, no statement dump")
            XCTAssertFalse(sqlite.isDamage(error))
        }
        try setPageLimit(1_073_741_823)
        try await sqlite.finishReply(turn: turn, AssistantCompletion(text: big + "end", status: .complete))
        XCTAssertEqual(try sqlite.messages(in: session).last?.text, big + "end")
    }

    func testADamagedFileGetsNothingMore() async throws {
        let other = try DatabaseQueue(path: sqlite.url.path)
        try await other.write { db in
            try db.execute(sql: "UPDATE message_search_data SET block = x'00000000ff7f00' WHERE id = 10")
        }
        try other.close()
        do {
            try await sqlite.checkpointReply(turn: turn, text: "partial")
            XCTFail("a damaged index should refuse the write")
        } catch {
            XCTAssertTrue(sqlite.isDamage(error), "\(error)")
        }
        let before = [sqlite.url.path, sqlite.url.path + "-wal"].map { FileManager.default.contents(atPath: $0) }
        await XCTAssertThrowsErrorAsync(try await self.sqlite.finishReply(turn: self.turn, AssistantCompletion(text: "answer", status: .complete)))
        await XCTAssertThrowsErrorAsync(try await self.sqlite.renameSession(self.session.uuidString, title: "renamed"))
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
