import GRDB
import XCTest
@testable import SwitchboardStore
import SwitchboardCore

/// 1-hour cache writes are kept per attempt: written and read back through a real SQLite file (reopened), counted
/// in spend's prompt tokens, and an attempt from the schema before them reads as 0.
final class SQLiteStoreCacheWrite1hTests: XCTestCase {
    func testAnAttemptsOneHourCacheWritesRoundTripThroughTheFile() async throws {
        let directory = try TemporaryDirectory()
        let turn = UUID()
        let attempt = AttemptRecord(turnID: turn, ordinal: 1, model: "anthropic/claude-x", provider: "anthropic",
                                    providerModel: "claude-x", reason: "explicit", outcome: .success, status: 200,
                                    startedAt: Clock.at(0.5), ttft: .milliseconds(300), duration: .milliseconds(900),
                                    usage: Usage(input: 20, output: 30, cacheRead: 400, cacheWrite: 100, cacheWrite1h: 2048),
                                    cost: Money(Decimal(string: "0.0123") ?? 0))
        do {
            let store = try SQLiteStore(url: directory.databaseURL)
            let session = try store.createSession(firstPrompt: "q", model: nil)
            try store.appendUserMessage(session: session.id, turn: turn, text: "q", at: Clock.at(0))
            try await store.begin(attempt)
            try await store.record(attempt)
        }
        let reopened = try SQLiteStore(url: directory.databaseURL)
        let read = try reopened.attempts(since: Clock.at(-1))
        XCTAssertEqual(read, [attempt])
        XCTAssertEqual(read.first?.usage.cacheWrite1h, 2048)
        let spend = try reopened.spend(by: .model)
        XCTAssertEqual(spend.total.usage.promptTotal, 20 + 400 + 100 + 2048, "spend's IN counts 1-hour writes")
    }

    func testAnAttemptFromTheSchemaBeforeReadsZero() async throws {
        let directory = try TemporaryDirectory()
        _ = try StoreFiles.prepare(directory.databaseURL)
        let turn = UUID()
        do {
            let pool = try DatabasePool(path: directory.databaseURL.path, configuration: SQLiteStore.configuration())
            try StoreSchema.migrator.migrate(pool, upTo: "v6 owners of attempts in flight and budget holds")
            try await pool.write { db in
                try db.execute(sql: """
                    INSERT INTO sessions (uuid, title, created_at, updated_at) VALUES (?, 'old', 1, 2);
                    INSERT INTO turns (uuid, session_id) VALUES (?, 1);
                    INSERT INTO attempts (turn_id, ordinal, model, provider, provider_model, reason, outcome,
                        after_first_token, started_at, duration_ms, input_tokens, output_tokens, cache_read_tokens,
                        cache_write_tokens, reasoning_tokens, cost)
                    VALUES (1, 1, 'm', 'p', 'pm', 'explicit', 'success', 1, 1000, 5, 3, 4, 0, 1, 0, '0.25');
                    """, arguments: [SQLiteStore.text(UUID()), turn])
            }
            try pool.close()
        }
        let store = try SQLiteStore(url: directory.databaseURL)
        let read = try store.attempts(since: Date(timeIntervalSince1970: 0))
        XCTAssertEqual(read.map(\.usage), [Usage(input: 3, output: 4, cacheWrite: 1)])
    }
}
