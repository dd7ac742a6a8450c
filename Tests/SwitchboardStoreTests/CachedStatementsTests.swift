import GRDB
import GRDBSQLite
import XCTest
@testable import SwitchboardStore
import SwitchboardCore

/// The writes of every turn compile their SQL once per connection and reuse it: compiling an INSERT or UPDATE of
/// `messages` (with its search-index triggers) cost more than running it, once per checkpoint and several times
/// per turn.
final class CachedStatementsTests: XCTestCase {
    func testCheckpointsReuseOneCompiledStatement() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let session = try store.createSession(firstPrompt: "streams", model: nil)
        var seen: [[Int32]] = []
        for round in 0..<2 {
            let reply = try store.beginAssistantMessage(session: session.id, turn: UUID(), parent: nil, requestedModel: nil)
            for count in 1...3 {
                try store.checkpoint(reply, text: String(repeating: "word\(round) ", count: count))
                seen.append(try runs(store, "UPDATE messages SET text = CAST(? AS TEXT), updated_at = ? WHERE id = ?"))
            }
        }
        assertOneStatementRunEachTime(seen)
        XCTAssertEqual(try store.search("word1").count, 1, "the reused statement still feeds the search index")
    }

    func testEveryStepOfATurnReusesItsCompiledStatements() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let session = try store.createSession(firstPrompt: "turns", model: nil)
        let steps = ["INSERT INTO messages", "UPDATE messages SET text = CAST(? AS TEXT), status = ?", "INSERT INTO attempts",
                     "SELECT id, session_id FROM turns WHERE uuid = ?", "SELECT id FROM sessions WHERE uuid = ?"]
        var seen: [String: [[Int32]]] = [:]
        for turn in 0..<3 {
            try store.storeTurn(session: session.id, prompt: "prompt \(turn)", reply: "reply \(turn)")
            for step in steps { seen[step, default: []].append(try runs(store, step)) }
        }
        for step in steps { assertOneStatementRunEachTime(seen[step] ?? [], step) }
        XCTAssertEqual(try store.messages(in: session.id).map(\.text),
                       ["prompt 0", "reply 0", "prompt 1", "reply 1", "prompt 2", "reply 2"])
    }

    func testAttemptsBegunAndEndedThroughTheLedgerReuseTheirStatements() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        var begun: [[Int32]] = [], ended: [[Int32]] = []
        for ordinal in 1...3 {
            let attempt = AttemptRecord(turnID: UUID(), ordinal: ordinal, model: "m", provider: "p", providerModel: "m",
                                        reason: "explicit", outcome: .success, status: 200, startedAt: Clock.base,
                                        ttft: nil, duration: .milliseconds(5), usage: Usage(input: 1, output: 1),
                                        cost: nil)
            try await store.begin(attempt)
            begun.append(try runs(store, "INSERT INTO attempts"))
            try await store.record(attempt)
            ended.append(try runs(store, "UPDATE attempts SET model = ?"))
        }
        assertOneStatementRunEachTime(begun, "each begin inserts its in-flight row")
        assertOneStatementRunEachTime(ended, "each end updates that row in place")
        let outcomes = try await store.connections.read { db in try String.fetchAll(db, sql: "SELECT outcome FROM attempts") }
        XCTAssertEqual(outcomes, ["success", "success", "success"])
    }

    /// After every call: one compiled statement for that SQL, which has run more times than after the call before.
    private func assertOneStatementRunEachTime(_ seen: [[Int32]], _ label: String = "", line: UInt = #line) {
        XCTAssertFalse(seen.isEmpty, line: line)
        XCTAssertTrue(seen.allSatisfy { $0.count == 1 }, "\(label): compiled statements after each call \(seen)", line: line)
        let runs = seen.compactMap(\.first)
        XCTAssertEqual(runs, runs.sorted(), "\(label): \(runs)", line: line)
        XCTAssertEqual(Set(runs).count, runs.count, "\(label): it ran at every call \(runs)", line: line)
    }

    /// How many times each statement on the writing connection whose SQL starts with `prefix` has run: one entry per
    /// compiled statement (none when each call compiled and dropped its own).
    private func runs(_ store: SQLiteStore, _ prefix: String) throws -> [Int32] {
        try store.connections.readFromWriter { db in
            var counts: [Int32] = []
            var statement = sqlite3_next_stmt(db.sqliteConnection, nil)
            while let current = statement {
                if let sql = sqlite3_sql(current), String(cString: sql).trimmingCharacters(in: .whitespacesAndNewlines)
                    .hasPrefix(prefix) {
                    counts.append(sqlite3_stmt_status(current, Int32(SQLITE_STMTSTATUS_RUN), 0))
                }
                statement = sqlite3_next_stmt(db.sqliteConnection, current)
            }
            return counts
        }
    }
}
