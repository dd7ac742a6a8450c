import Foundation
import SwitchboardCore
@testable import SwitchboardServer
import SwitchboardStore
import XCTest

/// `serve` places a conversation's first turn by waiting for the database, and its later turns from what it
/// remembers, posting their begin with the rest of their writes; when the session it remembers was deleted, the
/// turn lands in a new one and the next turn uses that. `GatewayTurns` keeps a turn until its writes are made.
final class GatewayPlacementsTests: XCTestCase {
    private func turn(_ prompt: String) throws -> TurnRequest {
        TurnRequest(messages: [.user(prompt)], model: try ModelRef(parsing: "demo/mini"))
    }

    private func begin(_ turn: TurnRequest, _ store: SQLiteStore, _ placements: GatewayPlacements,
                       _ writes: TurnWrites) async throws -> TurnOpening {
        try await GatewaySessionPlacement.begin(turn, conversation: "trip", requestedModel: "demo/mini", store: store,
                                                placements: placements, writes: writes)
    }

    private func closed(_ writes: TurnWrites) async -> TurnWrites.Failure? {
        await withCheckedContinuation { continuation in writes.close { continuation.resume(returning: $0) } }
    }

    /// A store in a scratch folder, removed when the test ends.
    private func scratchStore() throws -> SQLiteStore {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("placements-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }  // a scratch folder
        return try SQLiteStore(url: directory.appendingPathComponent("history.sqlite"))
    }

    func testLaterTurnsOfAConversationBeginWithoutWaitingAndFollowADeletedSession() async throws {
        let store = try scratchStore()
        let placements = GatewayPlacements()

        // The first turn waits: its session is found (here created) before it returns.
        let first = try turn("Plan the trip")
        let firstWrites = TurnWrites(store: store, deferred: true)
        let opened = try await begin(first, store, placements, firstWrites)
        let stored = try await store.storedRequest(first.id)
        XCTAssertEqual(stored?.sessionID, opened.session, "placed and begun before it returns")
        let firstFailure = await closed(firstWrites)
        XCTAssertNil(firstFailure)

        // The second is placed from memory: nothing is written until its writes are made.
        let second = try turn("and the return?")
        let secondWrites = TurnWrites(store: store, deferred: true)
        let remembered = try await begin(second, store, placements, secondWrites)
        XCTAssertEqual(remembered.session, opened.session)
        let notYet = try await store.storedRequest(second.id)
        XCTAssertNil(notYet, "posted, not written")
        let secondFailure = await closed(secondWrites)
        XCTAssertNil(secondFailure)
        let secondStored = try await store.storedRequest(second.id)
        XCTAssertEqual(secondStored?.sessionID, opened.session)

        // The session is deleted by another program: the next turn lands in a new session, remembered after.
        try await store.deleteSession(opened.session.uuidString)
        let third = try turn("still there?")
        let thirdWrites = TurnWrites(store: store, deferred: true)
        _ = try await begin(third, store, placements, thirdWrites)
        let thirdFailure = await closed(thirdWrites)
        XCTAssertNil(thirdFailure)
        let moved = try await store.storedRequest(third.id)
        let newSession = try XCTUnwrap(moved?.sessionID)
        XCTAssertNotEqual(newSession, opened.session)
        let fourth = try await begin(try turn("again"), store, placements, TurnWrites(store: store, deferred: true))
        XCTAssertEqual(fourth.session, newSession, "the next turn uses the session the conversation moved to")
    }

    /// A running turn's writes are flushed at the second look it runs through, not the first: a turn shorter than
    /// one look is recorded once, at its end.
    func testARunningTurnIsFlushedAtItsSecondLook() async throws {
        let store = try scratchStore()
        let placements = GatewayPlacements()
        let firstWrites = TurnWrites(store: store, deferred: true)
        _ = try await begin(try turn("Plan the trip"), store, placements, firstWrites)
        _ = await closed(firstWrites)

        let running = try turn("and the return?")
        let writes = TurnWrites(store: store, deferred: true)
        _ = try await begin(running, store, placements, writes)  // placed from memory: posted, not written
        let turns = GatewayTurns()
        turns.add(running.id, writes: writes) {}
        turns.tick()
        try await Task.sleep(for: .milliseconds(100))
        let afterOne = try await store.storedRequest(running.id)
        XCTAssertNil(afterOne, "not flushed at the first look")
        turns.tick()
        var stored = try await store.storedRequest(running.id)
        for _ in 0..<200 where stored == nil {
            try await Task.sleep(for: .milliseconds(10))
            stored = try await store.storedRequest(running.id)
        }
        XCTAssertNotNil(stored, "flushed at the second look, while still running")
        turns.remove(running.id)
        _ = await closed(writes)
    }

    /// A turn stays registered after its response until its writes are made: `ended` and `allEnded` wait.
    func testEndedWaitsUntilTheTurnIsRemoved() async throws {
        let turns = GatewayTurns()
        let id = UUID()
        turns.add(id) {}
        let waited = Flag()
        let waiter = Task {
            await turns.ended(id)
            waited.set()
        }
        let all = Task { await turns.allEnded() }
        try await Task.sleep(for: .milliseconds(50))
        XCTAssertFalse(waited.isSet, "still registered")
        turns.remove(id)
        await waiter.value
        await all.value
        XCTAssertTrue(waited.isSet)
        await turns.ended(UUID())  // not registered: returns at once
    }
}

private final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
