import Foundation
import SwitchboardCore
import SwitchboardPostgres
import XCTest

/// Exact budgets across instances: three `PostgresStore` instances on one database, as three gateways would be.
final class PostgresBudgetTests: PostgresTestCase, @unchecked Sendable {
    private let dime = BudgetFixtures.money("0.10")

    func testThirtyConcurrentHoldsFromThreeInstancesFillTheCapExactly() async throws {
        let stores = [try await open(), try await open(), try await open()]
        let policy = BudgetPolicy(limits: BudgetLimits(daily: BudgetFixtures.money("1.00")))
        let decide = BudgetFixtures.decide(policy, worstCase: dime)
        let results = try await withThrowingTaskGroup(of: (Int64?, BudgetPolicy.Decision).self) { group in
            for index in 0..<30 {
                let store = stores[index % 3]
                group.addTask { try await store.reserve(session: nil, decide: decide) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let held = results.compactMap(\.0)
        XCTAssertEqual(held.count, 10, "ten dimes fit a dollar: no more (the cap), no fewer (no spurious refusal)")
        for (hold, decision) in results where hold == nil {
            guard case .block(let message) = decision else { return XCTFail("refused without a block: \(decision)") }
            XCTAssertTrue(message.contains("daily budget $1.00 reached"), message)
            XCTAssertTrue(message.contains("spent $1.00"), "the refusal names what was held when it was refused: \(message)")
        }
        let spend = try await stores[0].currentBudgetSpend(session: nil)
        XCTAssertEqual(spend.today, BudgetFixtures.money("1.00"))
    }

    func testConcurrentTurnsThatRecordAndSettleNeverSpendPastTheCap() async throws {
        let stores = [try await open(), try await open(), try await open()]
        try makeKey(7)
        let key = GatewayKeyBudget(id: 7, name: "team", daily: BudgetFixtures.money("0.50"))
        let policy = BudgetPolicy(limits: BudgetLimits(), key: key)
        let decide = BudgetFixtures.decide(policy, worstCase: dime)
        let refusals = try await withThrowingTaskGroup(of: String?.self) { group in
            for index in 0..<30 {
                let store = stores[index % 3]
                group.addTask {
                    let turn = UUID()
                    let (hold, decision) = try await store.reserve(session: nil, key: key, turn: turn, decide: decide)
                    guard let hold else {
                        if case .block(let message) = decision { return message }
                        return "no message"
                    }
                    // The turn runs: an attempt costs less than its worst case, then the hold settles.
                    let cost = BudgetFixtures.money("0.07")
                    try await store.begin(BudgetFixtures.attempt(turn: turn, cost: cost))
                    try await store.record(BudgetFixtures.attempt(turn: turn, cost: cost))
                    try await store.settle(hold, actual: cost)
                    return nil
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let spent = try sql("SELECT COALESCE(sum(a.cost), 0) FROM attempts a JOIN turns t ON t.id = a.turn_id WHERE t.gateway_key_id = 7")
        let total = BudgetFixtures.money(spent)
        XCTAssertLessThanOrEqual(total, BudgetFixtures.money("0.50"), "recorded spend never exceeds the key's cap")
        // A turn's cost counts from when it is recorded, its hold until it settles: for that moment it counts
        // 0.17. Two turns at that moment (0.34) still leave room for a third, so at least three always fit.
        XCTAssertGreaterThanOrEqual(total, BudgetFixtures.money("0.21"), "at least three turns of 0.07 fit under 0.50")
        for message in refusals.compactMap({ $0 }) {
            XCTAssertTrue(message.contains("key 'team' daily budget $0.50 reached"), message)
        }
        XCTAssertEqual(try sql("SELECT count(*) FROM budget_holds"), "0")
        XCTAssertEqual(try sql("SELECT reserved = 0 FROM budget_scopes WHERE scope LIKE 'key 7 day %'"), "t")
    }

    func testSettlingTwiceChangesNothing() async throws {
        let store = try await open()
        let policy = BudgetPolicy(limits: BudgetLimits(daily: BudgetFixtures.money("1")))
        let (hold, _) = try await store.reserve(session: nil, decide: BudgetFixtures.decide(policy, worstCase: dime))
        let id = try XCTUnwrap(hold)
        let held = try await store.currentBudgetSpend(session: nil)
        XCTAssertEqual(held.today, dime)
        try await store.settle(id, actual: BudgetFixtures.money("0.04"))
        try await store.settle(id, actual: BudgetFixtures.money("0.04"))
        let after = try await store.currentBudgetSpend(session: nil)
        XCTAssertEqual(after.today, .zero, "settling ends the hold once; the attempts' costs are what count")
        XCTAssertEqual(try sql("SELECT count(*) FROM budget_settlements WHERE hold_id = \(id)"), "1")
        XCTAssertEqual(try sql("SELECT actual FROM budget_settlements WHERE hold_id = \(id)"), "0.04")
        XCTAssertEqual(try sql("SELECT bool_and(reserved = 0) FROM budget_scopes"), "t")
    }

    func testAHoldCountsAgainstTheSessionAndTheKey() async throws {
        let store = try await open()
        let session = try makeSession()
        try makeKey(3)
        let key = GatewayKeyBudget(id: 3, name: "k", daily: BudgetFixtures.money("5"), monthly: BudgetFixtures.money("9"))
        let policy = BudgetPolicy(limits: BudgetLimits(session: BudgetFixtures.money("1")), key: key)
        let (hold, _) = try await store.reserve(session: session, key: key, turn: UUID(),
                                                decide: BudgetFixtures.decide(policy, worstCase: dime))
        XCTAssertNotNil(hold)
        let seen = LockedBox<BudgetSpend?>(nil)
        _ = try await store.reserve(session: session, key: key, turn: UUID()) { spend in
            seen.value = spend
            return (nil, .block("look only"))
        }
        XCTAssertEqual(seen.value, BudgetSpend(today: dime, thisMonth: dime, thisSession: dime, keyToday: dime, keyThisMonth: dime))
    }

    /// A key's turn is recorded as the key's whether its hold was taken or refused, so its attempts' costs count
    /// against the key either way (as on SQLite).
    func testAKeysTurnIsTheKeysWhenHeldAndWhenRefused() async throws {
        let store = try await open()
        try makeKey(4)
        let key = GatewayKeyBudget(id: 4, name: "k", daily: BudgetFixtures.money("0.15"), monthly: nil)
        let decide = BudgetFixtures.decide(BudgetPolicy(limits: BudgetLimits(), key: key), worstCase: dime)
        let (heldTurn, refusedTurn) = (UUID(), UUID())
        let (hold, _) = try await store.reserve(session: nil, key: key, turn: heldTurn, decide: decide)
        let (refused, decision) = try await store.reserve(session: nil, key: key, turn: refusedTurn, decide: decide)
        XCTAssertNotNil(hold)
        XCTAssertNil(refused, "a second dime does not fit 15 cents: \(decision)")
        for turn in [heldTurn, refusedTurn] {
            XCTAssertEqual(try sql("SELECT gateway_key_id FROM turns WHERE id = '\(turn.uuidString)'"), "4")
        }
    }

    /// Global and key holds on several keys and sessions at once, from three instances: all go through (no
    /// deadlock aborts a turn), and the scopes' reserved amounts equal the open holds.
    func testConcurrentKeyAndGlobalHoldsDoNotDeadlock() async throws {
        let stores = [try await open(), try await open(), try await open()]
        let sessions = [try makeSession(), try makeSession()]
        for id in 1...3 { try makeKey(Int64(id)) }
        let keys = (1...3).map { GatewayKeyBudget(id: Int64($0), name: "k\($0)", daily: BudgetFixtures.money("100")) }
        let started = Date()
        let holds = try await withThrowingTaskGroup(of: Int64?.self) { group in
            for index in 0..<60 {
                let store = stores[index % 3]
                let session = sessions[index % 2]
                let key = keys[index % 3]
                group.addTask {
                    if index % 4 == 0 {
                        let policy = BudgetPolicy(limits: BudgetLimits(daily: BudgetFixtures.money("100"), session: BudgetFixtures.money("100")))
                        return try await store.reserve(session: session, decide: BudgetFixtures.decide(policy, worstCase: BudgetFixtures.money("0.01"))).hold
                    }
                    let policy = BudgetPolicy(limits: BudgetLimits(daily: BudgetFixtures.money("100")), key: key)
                    return try await store.reserve(session: session, key: key, turn: UUID(),
                                                   decide: BudgetFixtures.decide(policy, worstCase: BudgetFixtures.money("0.01"))).hold
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        XCTAssertEqual(holds.compactMap { $0 }.count, 60)
        XCTAssertLessThan(Date().timeIntervalSince(started), 30)
        XCTAssertEqual(try sql("SELECT reserved = 0.60 FROM budget_scopes WHERE scope LIKE 'day %'"), "t")
        XCTAssertEqual(try sql("SELECT sum(reserved) = 0.45 FROM budget_scopes WHERE scope LIKE 'key % day %'"), "t")
        XCTAssertEqual(try sql("SELECT sum(reserved) = 0.60 FROM budget_scopes WHERE scope LIKE 'session %'"), "t")
        XCTAssertEqual(try sql("SELECT (SELECT sum(amount) FROM budget_holds) = 0.60"), "t")
    }

    /// A killed instance (simulated: closed without settling, so it stops renewing) leaves a hold and an attempt in
    /// flight; once its heartbeat expires another instance releases the hold and marks the attempt interrupted. A
    /// running instance's are left alone.
    func testAnInstanceThatStopsRenewingHasItsHoldsReleasedAndAttemptsInterrupted() async throws {
        let killed = try await open(holdLifetime: .milliseconds(800), renewEvery: .milliseconds(200))
        // Renews well within its lifetime even on a loaded machine.
        let running = try await open(holdLifetime: .seconds(20), renewEvery: .milliseconds(300))
        let survivor = try await open()
        let policy = BudgetPolicy(limits: BudgetLimits(daily: BudgetFixtures.money("1")))
        let decide = BudgetFixtures.decide(policy, worstCase: dime)
        let lost = BudgetFixtures.attempt(cost: nil)
        try await killed.begin(lost)
        _ = try await killed.reserve(session: nil, decide: decide)
        let kept = BudgetFixtures.attempt(cost: nil)
        try await running.begin(kept)
        _ = try await running.reserve(session: nil, decide: decide)
        await killed.close()
        try await Task.sleep(for: .milliseconds(2000))

        let spend = try await survivor.currentBudgetSpend(session: nil)
        XCTAssertEqual(spend.today, dime, "the expired hold stops counting; the renewed one still counts")
        let work = try await survivor.recoverInterrupted()
        // The running instance's renewal tick may have cleaned up first; together they did it exactly once.
        let attempts = try await survivor.recentAttempts(since: Date().addingTimeInterval(-60))
        XCTAssertEqual(attempts.first { $0.turnID == lost.turnID }?.outcome, .interrupted)
        XCTAssertEqual(attempts.first { $0.turnID == kept.turnID }?.outcome, .inFlight)
        XCTAssertLessThanOrEqual(work.attempts, 1)
        XCTAssertEqual(try sql("SELECT count(*) FROM budget_holds"), "1")
        XCTAssertEqual(try sql("SELECT count(*) FROM budget_settlements WHERE released"), "1")
        XCTAssertEqual(try sql("SELECT reserved = 0.10 FROM budget_scopes WHERE scope LIKE 'day %'"), "t")
        let message = try sql("SELECT error_message FROM attempts WHERE outcome = 'interrupted'")
        XCTAssertTrue(message.contains("ended before this attempt did"), message)
    }

    /// Settles commit without waiting for the disk, so a crash of the server may lose one: the hold comes back
    /// (its own commit was durable). Its instance, still running, no longer renews it, so it expires and is released;
    /// the instance's open hold is renewed and kept.
    func testAHoldWhoseSettleWasLostExpiresWhileItsInstanceRuns() async throws {
        let store = try await open(holdLifetime: .milliseconds(800), renewEvery: .milliseconds(200))
        let other = try await open()
        let decide = BudgetFixtures.decide(BudgetPolicy(limits: BudgetLimits(daily: BudgetFixtures.money("1"))),
                                           worstCase: dime)
        let (open, _) = try await store.reserve(session: nil, decide: decide)
        let (settled, _) = try await store.reserve(session: nil, decide: decide)
        guard let open, let settled else { return XCTFail("both fit the budget") }
        try await store.settle(settled, actual: nil)
        // What the server holds after losing that settle: the hold, its amount in its scopes, no settlement.
        try sql("""
            INSERT INTO budget_holds (id, instance, scopes, amount, created_at, expires_at)
                SELECT \(settled), instance, scopes, amount, created_at, now() + interval '800 milliseconds'
                FROM budget_holds WHERE id = \(open);
            UPDATE budget_scopes SET reserved = reserved + 0.10
                WHERE scope = ANY((SELECT scopes FROM budget_holds WHERE id = \(open))::text[]);
            DELETE FROM budget_settlements WHERE hold_id = \(settled);
            """)
        try await Task.sleep(for: .milliseconds(2400))

        XCTAssertEqual(try sql("SELECT id FROM budget_holds"), "\(open)", "the lost settle's hold expired; the open one is renewed")
        XCTAssertEqual(try sql("SELECT released FROM budget_settlements WHERE hold_id = \(settled)"), "t")
        let spend = try await other.currentBudgetSpend(session: nil)
        XCTAssertEqual(spend.today, dime, "only the open hold counts")
    }
}

/// A value a `@Sendable` closure sets and the test reads after.
final class LockedBox<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T
    init(_ value: T) { stored = value }
    var value: T {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
