import GRDB
import XCTest
@testable import SwitchboardStore
import SwitchboardCore

/// Gateway keys on a real database file: only a salted hash is kept, revoked keys stop working, and a key's caps
/// are held with the global budget in one transaction, across connections as across processes.
final class SQLiteStoreGatewayKeysTests: XCTestCase {
    private func money(_ text: String) -> Money { Money(Decimal(string: text) ?? -1) }

    private func create(_ store: SQLiteStore, _ name: String, _ limits: GatewayKeyLimits = GatewayKeyLimits())
        async throws -> (key: GatewayKey, secret: String) {
        let (secret, stored) = GatewayKeySecret.generate()
        return (try await store.createGatewayKey(name: name, limits: limits, stored: stored, at: Date()), secret)
    }

    func testOnlyASaltedHashIsStoredAndTheKeyIsNowhereInTheFile() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let (key, secret) = try await create(store, "ci")
        let (other, otherSecret) = try await create(store, "laptop")
        XCTAssertTrue(secret.hasPrefix("sb-"))
        XCTAssertEqual(secret.count, 67)
        XCTAssertEqual(key.prefix, String(secret.prefix(11)))
        let rows = try store.connections.read { db in try Row.fetchAll(db, sql: "SELECT salt, hash FROM gateway_keys") }
        XCTAssertEqual(rows.count, 2)
        let salts = rows.map { $0["salt"] as String }
        XCTAssertNotEqual(salts[0], salts[1], "every key has its own salt")
        for row in rows {
            let hash: String = row["hash"]
            XCTAssertNotEqual(hash, secret)
            XCTAssertNotEqual(hash, SHA256.hex(Data(secret.utf8)), "the hash is salted")
        }
        try store.close()
        let secretPart = Data(secret.dropFirst(11).utf8)
        for suffix in ["", "-wal", "-shm"] {
            let path = directory.databaseURL.path + suffix
            guard let bytes = FileManager.default.contents(atPath: path) else { continue }
            XCTAssertNil(bytes.range(of: secretPart), "the key's secret part is in \(path)")
            XCTAssertNil(bytes.range(of: Data(otherSecret.dropFirst(11).utf8)))
        }
        let reopened = try SQLiteStore(url: directory.databaseURL)
        let found = try await reopened.authenticate(secret)
        XCTAssertEqual(found?.id, key.id)
        let otherFound = try await reopened.authenticate(otherSecret)
        XCTAssertEqual(otherFound?.id, other.id)
    }

    func testCapsPatternsAndRateRoundTripAndListShowsSpend() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let limits = GatewayKeyLimits(daily: money("1.5"), monthly: money("20"), models: ["gpt-4o*", "anthropic/*"], rpm: 30)
        let (key, _) = try await create(store, "ci", limits)
        let (plain, _) = try await create(store, "laptop")
        let session = try store.createSession(firstPrompt: "s", model: nil)
        let (_, _, turn) = try store.storeTurn(session: session.id, prompt: "a", reply: "b", cost: money("0.25"), at: Date())
        try store.storeTurn(session: session.id, prompt: "a", reply: "b", cost: money("4"), at: Date())
        try await store.attributeTurn(turn, key: key.id, tags: ["team:a", "ci"])
        let budget = try XCTUnwrap(key.budget)
        _ = try await store.reserve(session: nil, key: budget, turn: UUID()) { [held = money("0.5")] _ in (held, .fits(reserve: nil, warnings: [])) }
        let listed = try await store.gatewayKeys()
        XCTAssertEqual(listed.map(\.key.name), ["ci", "laptop"])
        XCTAssertEqual(listed[0].key.limits, limits)
        XCTAssertEqual(listed[0].today, money("0.75"), "its attempt and its open hold, not the other turn")
        XCTAssertEqual(listed[0].thisMonth, money("0.75"))
        XCTAssertEqual(listed[1].key.limits, GatewayKeyLimits())
        XCTAssertEqual(listed[1].today, .zero)
        XCTAssertNil(plain.budget)
        let tags = try await store.connections.read { db in try String.fetchAll(db, sql: "SELECT tag FROM turn_tags ORDER BY tag") }
        XCTAssertEqual(tags, ["ci", "team:a"])
    }

    /// Twenty holds of $0.30 race for a key capped at $1.00 a day, over two connections to the same file (as two
    /// processes would): exactly three fit, and what is held never passes the cap.
    func testConcurrentHoldsNeverExceedTheKeysCap() async throws {
        let directory = try TemporaryDirectory()
        let first = try SQLiteStore(url: directory.databaseURL)
        let second = try SQLiteStore(url: directory.databaseURL)
        let (key, _) = try await create(first, "ci", GatewayKeyLimits(daily: money("1")))
        let (other, _) = try await create(first, "other", GatewayKeyLimits(daily: money("1")))
        let policy = BudgetPolicy(limits: BudgetLimits(), key: try XCTUnwrap(key.budget))
        let cost = money("0.3")
        let results = try await withThrowingTaskGroup(of: Int64?.self) { group in
            for index in 0..<20 {
                let ledger: any BudgetLedger = index.isMultiple(of: 2) ? first : second
                group.addTask {
                    let (hold, _) = try await ledger.reserve(session: nil, key: try XCTUnwrap(key.budget), turn: UUID()) { spend in
                        switch policy.check(worstCase: cost, spend: spend, label: "m") {
                        case .fits(let reserve, let warnings): return (reserve, .fits(reserve: reserve, warnings: warnings))
                        case .exceeds(_, let message): return (nil, .block(message))
                        }
                    }
                    return hold
                }
            }
            return try await group.reduce(into: [Int64?]()) { $0.append($1) }
        }
        XCTAssertEqual(results.compactMap { $0 }.count, 3)
        let listed = try await first.gatewayKeys()
        XCTAssertEqual(listed.first { $0.key.id == key.id }?.today, money("0.9"))
        XCTAssertEqual(listed.first { $0.key.id == other.id }?.today, .zero, "another key's cap is its own")
        // Global spend sees the key's holds too: one ledger for every front end.
        XCTAssertEqual(try first.budgetSpend(session: nil).today, money("0.9"))
    }

    func testRefusalNamesTheKeysBudget() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let (key, _) = try await create(store, "ci", GatewayKeyLimits(monthly: money("0.5")))
        let session = try store.createSession(firstPrompt: "s", model: nil)
        let (_, _, turn) = try store.storeTurn(session: session.id, prompt: "a", reply: "b", cost: money("0.45"), at: Date())
        try await store.attributeTurn(turn, key: key.id, tags: [])
        let policy = BudgetPolicy(limits: BudgetLimits(), key: try XCTUnwrap(key.budget))
        let worst = money("0.1")
        let (hold, decision) = try await store.reserve(session: nil, key: try XCTUnwrap(key.budget), turn: UUID()) { spend in
            switch policy.check(worstCase: worst, spend: spend, label: "demo/mini via demo") {
            case .fits(let reserve, let warnings): return (reserve, .fits(reserve: reserve, warnings: warnings))
            case .exceeds(_, let message): return (nil, .block(message))
            }
        }
        XCTAssertNil(hold)
        XCTAssertEqual(decision, .block("key 'ci' monthly budget $0.50 reached: spent $0.45 + this request up to $0.10 on demo/mini via demo"))
    }

    /// `spend --by key|tag`: a turn's attempts count under its key and under each of its tags, once in the total.
    func testSpendByKeyAndByTag() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let (key, _) = try await create(store, "ci")
        let session = try store.createSession(firstPrompt: "s", model: nil)
        let (_, _, tagged) = try store.storeTurn(session: session.id, prompt: "a", reply: "b", cost: money("0.25"))
        let (_, _, keyOnly) = try store.storeTurn(session: session.id, prompt: "a", reply: "b", cost: money("0.5"))
        try store.storeTurn(session: session.id, prompt: "a", reply: "b", cost: money("1"))
        try await store.attributeTurn(tagged, key: key.id, tags: ["team:a", "nightly"])
        try await store.attributeTurn(keyOnly, key: key.id, tags: [])
        let byKey = try await store.spendReport(by: .key, since: nil, calendar: .current)
        XCTAssertEqual(byKey.rows.map(\.key), ["(no key)", "ci"])
        XCTAssertEqual(byKey.rows.map(\.cost.known), [money("1"), money("0.75")])
        XCTAssertEqual(byKey.total.cost.known, money("1.75"))
        let byTag = try await store.spendReport(by: .tag, since: nil, calendar: .current)
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: byTag.rows.map { ($0.key, $0.cost.known) }),
                       ["(untagged)": money("1.5"), "team:a": money("0.25"), "nightly": money("0.25")])
        XCTAssertEqual(byTag.total.requests, 3, "a turn with two tags is counted once in the total")
        XCTAssertEqual(byTag.total.cost.known, money("1.75"))
    }

    /// The recorder stores a `serve` turn's key and tags with the turn when it begins.
    func testTheRecorderAttributesItsTurn() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let (key, _) = try await create(store, "ci")
        let session = try store.createSession(firstPrompt: "s", model: nil)
        let turn = UUID()
        let recorder = TurnRecorder(store: store, session: session.id, turn: turn, requestedModel: "demo/mini",
                                    gatewayKey: key.id, tags: ["x", "y"])
        try await recorder.begin(prompt: "hello")
        let (owner, tags) = try await store.connections.read { db in
            (try Int64.fetchOne(db, sql: "SELECT gateway_key_id FROM turns WHERE uuid = ?", arguments: [turn]),
             try String.fetchAll(db, sql: "SELECT tag FROM turn_tags ORDER BY tag"))
        }
        XCTAssertEqual(owner, key.id)
        XCTAssertEqual(tags, ["x", "y"])
    }
}
