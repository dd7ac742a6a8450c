import Foundation
import SwitchboardCore
@testable import SwitchboardPostgres
import XCTest

/// `serve`'s conversations on PostgreSQL, mirroring the SQLite store's tests: one session per (key,
/// conversation), never shared between keys, and one session when three instances create the same new
/// conversation at once.
final class PostgresGatewaySessionsTests: PostgresTestCase, @unchecked Sendable {
    private func new(_ prompt: String) -> NewSession { NewSession(firstPrompt: prompt, model: "auto") }

    func testTheSameConversationOfAKeyIsOneSessionTitledFromItsFirstPrompt() async throws {
        let store = try await open()
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
        let store = try await open()
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

    /// Three instances ask for the same new conversation at once, eight callers each, for 30 conversations:
    /// every conversation gets one session, created once.
    func testConcurrentCreationFromThreeInstancesMakesOneSession() async throws {
        let stores = [try await open(), try await open(), try await open()]
        let conversations = 30
        let matches = try await withThrowingTaskGroup(of: (Int, GatewaySessionMatch).self) { group in
            for conversation in 0..<conversations {
                for caller in 0..<8 {
                    let store = stores[caller % 3]
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
        XCTAssertEqual(try sql("SELECT count(*) FROM sessions").trimmingCharacters(in: .whitespacesAndNewlines), String(conversations))
    }

    func testADeletedSessionIsReplacedByANewOneForTheConversation() async throws {
        let store = try await open()
        let first = try await store.gatewaySession(key: 1, conversation: .named("c"), new: new("one"), title: nil)
        try await store.deleteSession(first.session.uuidString)
        XCTAssertEqual(try sql("SELECT count(*) FROM gateway_sessions").trimmingCharacters(in: .whitespacesAndNewlines), "0",
                       "the mapping goes with its session")
        let next = try await store.gatewaySession(key: 1, conversation: .named("c"), new: new("two"), title: nil)
        XCTAssertTrue(next.created)
        XCTAssertNotEqual(next.session, first.session)
        let titles = try await store.recentSessions(limit: 5).map(\.title)
        XCTAssertEqual(titles, ["two"])
    }
}
