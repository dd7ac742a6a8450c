import XCTest
@testable import SwitchboardStore
import SwitchboardCore

final class SQLiteStoreSessionsTests: XCTestCase {
    private var directory: TemporaryDirectory!
    private var store: SQLiteStore!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
        store = try SQLiteStore(url: directory.databaseURL)
    }

    func testCreateStoresEveryField() throws {
        let created = try store.createSession(firstPrompt: "  Plan a trip to Kyoto\nwith details", model: "openai/gpt-4o",
                                              systemPrompt: "Be brief", tag: "travel", at: Clock.at(5))
        XCTAssertEqual(created.title, "Plan a trip to Kyoto")
        XCTAssertEqual(try store.session(created.id), created)
        XCTAssertNil(try store.session(UUID()))
    }

    func testListIsNewestFirstWithCountsModelsAndCosts() throws {
        let older = try store.createSession(firstPrompt: "older", model: nil, at: Clock.at(0))
        let newer = try store.createSession(firstPrompt: "newer", model: nil, at: Clock.at(1))
        try store.storeTurn(session: older.id, prompt: "a", reply: "b", model: "openai/gpt-4o-mini",
                            cost: Money(Decimal(string: "0.0010") ?? 0), at: Clock.at(10))
        try store.storeTurn(session: older.id, prompt: "c", reply: "d", model: "anthropic/claude-haiku-4-5",
                            provider: "anthropic", cost: nil, at: Clock.at(20))
        try store.storeTurn(session: older.id, prompt: "e", reply: "f", model: "openai/gpt-4o-mini",
                            cost: Money(Decimal(string: "0.0002") ?? 0), at: Clock.at(30))
        let list = try store.listSessions()
        XCTAssertEqual(list.map(\.session.id), [older.id, newer.id], "older was updated last")
        let summary = try XCTUnwrap(list.first)
        XCTAssertEqual(summary.messageCount, 6)
        XCTAssertEqual(summary.models, ["openai/gpt-4o-mini", "anthropic/claude-haiku-4-5"])
        XCTAssertEqual(summary.cost, CostTotal(known: Money(Decimal(string: "0.0012") ?? 0), knownCount: 2, unknownCount: 1))
        XCTAssertEqual(list.last?.messageCount, 0)
        XCTAssertEqual(list.last?.cost, .zero)
        XCTAssertEqual(try store.listSessions(limit: 1, offset: 1).map(\.session.id), [newer.id])
    }

    func testRenameAndLatest() throws {
        let first = try store.createSession(firstPrompt: "one", model: nil, at: Clock.at(0))
        _ = try store.createSession(firstPrompt: "two", model: nil, at: Clock.at(1))
        try store.renameSession(first.id, to: "  Renamed  ", at: Clock.at(2))
        XCTAssertEqual(try store.session(first.id)?.title, "Renamed")
        XCTAssertEqual(try store.latestSession()?.id, first.id)
        XCTAssertThrowsError(try store.renameSession(UUID(), to: "x"))
    }

    func testDeleteRemovesMessagesAndSearchButKeepsSpend() throws {
        let session = try store.createSession(firstPrompt: "secret", model: nil)
        try store.storeTurn(session: session.id, prompt: "the zebra question", reply: "zebra answer")
        try store.deleteSession(session.id)
        XCTAssertNil(try store.session(session.id))
        XCTAssertEqual(try store.search("zebra"), [])
        let spend = try store.spend(by: .session)
        XCTAssertEqual(spend.rows.map(\.key), ["(deleted)"])
        XCTAssertEqual(spend.total.requests, 1)
        XCTAssertThrowsError(try store.deleteSession(session.id))
    }

    func testResolveByLastFullIDAndPrefix() throws {
        let a = try store.createSession(firstPrompt: "a", model: nil, id: try uuid("aaaa1111-0000-0000-0000-000000000001"), at: Clock.at(0))
        let b = try store.createSession(firstPrompt: "b", model: nil, id: try uuid("aaaa2222-0000-0000-0000-000000000002"), at: Clock.at(1))
        XCTAssertEqual(try store.resolveSession("last"), b.id)
        XCTAssertEqual(try store.resolveSession(a.id.uuidString), a.id)
        XCTAssertEqual(try store.resolveSession("AAAA1"), a.id)
        XCTAssertThrowsError(try store.resolveSession("aaaa")) { error in
            guard case .ambiguousSession(_, let matches)? = error as? StoreError else { return XCTFail("\(error)") }
            XCTAssertEqual(Set(matches), [SQLiteStore.text(a.id), SQLiteStore.text(b.id)])
        }
    }

    func testMissingIDSuggestsTheClosest() throws {
        let a = try store.createSession(firstPrompt: "a", model: nil, id: try uuid("9f86d081-0000-0000-0000-000000000001"))
        _ = try store.createSession(firstPrompt: "b", model: nil, id: try uuid("12345678-0000-0000-0000-000000000002"))
        XCTAssertThrowsError(try store.resolveSession("9f86e081")) { error in
            guard case .sessionNotFound(let reference, let suggestions)? = error as? StoreError else { return XCTFail("\(error)") }
            XCTAssertEqual(reference, "9f86e081")
            XCTAssertEqual(suggestions.first, SQLiteStore.text(a.id))
        }
        XCTAssertThrowsError(try store.resolveSession("not-an-id!")) { error in
            guard case .sessionNotFound(_, let suggestions)? = error as? StoreError else { return XCTFail("\(error)") }
            XCTAssertEqual(suggestions.count, 2)
        }
    }

    func testEmptyDatabaseSaysSo() {
        XCTAssertThrowsError(try store.resolveSession("last")) { XCTAssertEqual($0 as? StoreError, .noSessions) }
        XCTAssertThrowsError(try store.resolveSession("abcd")) { XCTAssertEqual($0 as? StoreError, .noSessions) }
    }

    private func uuid(_ text: String) throws -> UUID { try XCTUnwrap(UUID(uuidString: text)) }
}
