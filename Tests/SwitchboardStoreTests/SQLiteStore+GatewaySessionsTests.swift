import GRDB
import XCTest
@testable import SwitchboardStore
import SwitchboardCore

/// `serve`'s conversations on a real database file: one session per (key, conversation), never shared between
/// keys, and one session when two connections (as two processes) create the same new conversation at once.
final class SQLiteStoreGatewaySessionsTests: XCTestCase {
    private func new(_ prompt: String) -> NewSession { NewSession(firstPrompt: prompt, model: "auto") }

    func testTheSameConversationOfAKeyIsOneSessionTitledFromItsFirstPrompt() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let first = try await store.gatewaySession(key: 7, conversation: .named("chat-1"), new: new("Plan the trip to Lyon"), title: nil)
        let again = try await store.gatewaySession(key: 7, conversation: .named("chat-1"), new: new("and the return?"), title: nil)
        XCTAssertTrue(first.created)
        XCTAssertFalse(again.created)
        XCTAssertEqual(again.session, first.session)
        let sessions = try await store.recentSessions(limit: 10)
        XCTAssertEqual(sessions.map(\.session.id), [first.session])
        XCTAssertEqual(sessions.first?.title, "Plan the trip to Lyon")
        let other = try await store.gatewaySession(key: 7, conversation: .named("chat-2"), new: new("x"), title: nil)
        XCTAssertTrue(other.created)
        XCTAssertNotEqual(other.session, first.session)
    }

    func testKeysNeverShareASessionAndADayIsNotANamedConversation() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let a = try await store.gatewaySession(key: 1, conversation: .named("2026-12-05"), new: new("a"), title: nil)
        let b = try await store.gatewaySession(key: 2, conversation: .named("2026-12-05"), new: new("b"), title: nil)
        let open = try await store.gatewaySession(key: nil, conversation: .named("2026-12-05"), new: new("c"), title: nil)
        let day = try await store.gatewaySession(key: 1, conversation: .day("2026-12-05"), new: new("d"), title: "ci · 2026-12-05")
        XCTAssertEqual(Set([a.session, b.session, open.session, day.session]).count, 4)
        XCTAssertTrue([a, b, open, day].allSatisfy(\.created))
        let dayAgain = try await store.gatewaySession(key: 1, conversation: .day("2026-12-05"), new: new("e"), title: "ci · 2026-12-05")
        XCTAssertEqual(dayAgain.session, day.session)
        let titles = try await store.recentSessions(limit: 10).map(\.title)
        XCTAssertTrue(titles.contains("ci · 2026-12-05"), "\(titles)")
    }

    /// Two connections to one file (as two `serve` processes) ask for the same new conversation at once, four
    /// callers each, for 60 conversations: every conversation gets one session, created once.
    func testConcurrentCreationFromTwoConnectionsMakesOneSession() async throws {
        let directory = try TemporaryDirectory()
        let first = try SQLiteStore(url: directory.databaseURL)
        let second = try SQLiteStore(url: directory.databaseURL)
        let conversations = 60
        let matches = try await withThrowingTaskGroup(of: (Int, GatewaySessionMatch).self) { group in
            for conversation in 0..<conversations {
                for caller in 0..<8 {
                    let store = caller.isMultiple(of: 2) ? first : second
                    group.addTask {
                        (conversation, try await store.gatewaySession(key: 3, conversation: .named("shared-\(conversation)"),
                                                                      new: NewSession(firstPrompt: "p\(caller)", model: nil), title: nil))
                    }
                }
            }
            return try await group.reduce(into: [Int: [GatewaySessionMatch]]()) { $0[$1.0, default: []].append($1.1) }
        }
        XCTAssertEqual(matches.count, conversations)
        for (conversation, found) in matches {
            XCTAssertEqual(found.count, 8)
            XCTAssertEqual(Set(found.map(\.session)).count, 1, "conversation \(conversation): every caller gets the one session")
            XCTAssertEqual(found.filter(\.created).count, 1, "conversation \(conversation)")
        }
        let count = try await first.connections.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sessions") }
        XCTAssertEqual(count, conversations)
    }

    func testADeletedSessionIsReplacedByANewOneForTheConversation() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let first = try await store.gatewaySession(key: 1, conversation: .named("c"), new: new("one"), title: nil)
        try await store.deleteSession(first.session.uuidString)
        let mappings = try await store.connections.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM gateway_sessions") }
        XCTAssertEqual(mappings, 0, "the mapping goes with its session")
        let next = try await store.gatewaySession(key: 1, conversation: .named("c"), new: new("two"), title: nil)
        XCTAssertTrue(next.created)
        XCTAssertNotEqual(next.session, first.session)
        let titles = try await store.recentSessions(limit: 5).map(\.title)
        XCTAssertEqual(titles, ["two"])
    }

    /// A session deleted with foreign keys off leaves its mapping behind: the conversation moves to a new
    /// session, and its later turns find that one.
    func testAMappingLeftBehindByADeletedSessionIsMovedToTheNewOne() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let first = try await store.gatewaySession(key: 1, conversation: .named("c"), new: new("one"), title: nil)
        try await XCTUnwrap(store.connections.databaseWriter).writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            try db.execute(sql: "DELETE FROM sessions WHERE uuid = ?", arguments: [first.session.uuidString.lowercased()])
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        let next = try await store.gatewaySession(key: 1, conversation: .named("c"), new: new("two"), title: nil)
        XCTAssertTrue(next.created)
        XCTAssertNotEqual(next.session, first.session)
        let again = try await store.gatewaySession(key: 1, conversation: .named("c"), new: new("three"), title: nil)
        XCTAssertFalse(again.created)
        XCTAssertEqual(again.session, next.session)
        let mappings = try await store.connections.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM gateway_sessions") }
        XCTAssertEqual(mappings, 1)
    }
}
