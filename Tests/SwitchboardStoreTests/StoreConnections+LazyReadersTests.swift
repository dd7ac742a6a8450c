import XCTest
@testable import SwitchboardStore
import SwitchboardCore

/// A writable store opens its read-only pool at the first read, not when the store opens: commands that only
/// record turns never pay for it.
final class StoreConnectionsLazyReadersTests: XCTestCase {
    func testOpeningAWritableStoreOpensNoReaders() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        _ = try store.createSession(firstPrompt: "written, never read", model: nil)
        XCTAssertFalse(store.connections.readersAreOpen)
        try store.close()
    }

    func testTheFirstReadOpensThemAndSeesWhatWasWritten() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let session = try store.createSession(firstPrompt: "read me back", model: nil)
        XCTAssertEqual(try store.listSessions(limit: 10).map(\.session.id), [session.id])
        XCTAssertTrue(store.connections.readersAreOpen)
        try store.close()
    }

    func testAnAsyncFirstReadOpensThemToo() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let session = try store.createSession(firstPrompt: "async reader", model: nil)
        let recent = try await store.recentSessions(limit: 5)
        XCTAssertEqual(recent.map(\.session.id), [session.id])
        XCTAssertTrue(store.connections.readersAreOpen)
        try store.close()
    }

    func testAReadOnlyStoreHasItsReadersFromTheStart() throws {
        let directory = try TemporaryDirectory()
        try SQLiteStore(url: directory.databaseURL).close()
        let store = try SQLiteStore(url: directory.databaseURL, access: .readOnly)
        XCTAssertTrue(store.connections.readersAreOpen)
    }
}
