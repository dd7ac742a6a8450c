import GRDB
import XCTest
@testable import SwitchboardStore
import SwitchboardCore

/// A damaged database is never written to: SQLITE_CORRUPT anywhere becomes `StoreError.corrupt`, the store
/// refuses every later write, and the file keeps its bytes.
final class StoreConnectionsTests: XCTestCase {
    /// A real database with enough text that the messages table and the search index have pages of their own.
    private func seeded(_ directory: TemporaryDirectory) throws -> (url: URL, session: UUID) {
        let url = directory.databaseURL
        let store = try SQLiteStore(url: url)
        let session = try store.createSession(firstPrompt: "damage", model: nil)
        for index in 0..<40 {
            try store.storeTurn(session: session.id, prompt: "question \(index) about capybaras",
                                reply: String(repeating: "capybara facts number \(index). ", count: 40))
        }
        try store.close()
        return (url, session.id)
    }

    /// Overwrites the first bytes of `table`'s root b-tree page with garbage, as a bad disk sector would.
    private func damageRootPage(of table: String, in url: URL) throws {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: url.path, configuration: configuration)
        let (root, pageSize) = try queue.read { db in
            (try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = ?", arguments: [table]) ?? 0,
             try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0)
        }
        try queue.close()
        XCTAssertGreaterThan(root, 1)
        let handle = try FileHandle(forUpdating: url)
        try handle.seek(toOffset: UInt64((root - 1) * pageSize))
        try handle.write(contentsOf: Data(repeating: 0xEE, count: 64))
        try handle.close()
    }

    private func assertDamaged(_ error: Error, _ url: URL, file: StaticString = #filePath, line: UInt = #line) {
        guard case .corrupt(let path, _)? = error as? StoreError else {
            return XCTFail("expected StoreError.corrupt, got \(error)", file: file, line: line)
        }
        XCTAssertEqual(path, url.path, file: file, line: line)
        let text = "\(error)"
        XCTAssertTrue(text.contains("is damaged") && text.contains("recovering"), text, file: file, line: line)
        XCTAssertFalse(text.contains("\n") || text.contains("SELECT"), "no SQL dump: \(text)", file: file, line: line)
    }

    func testDamagedMessagesPageStopsReadsAndWritesAndLeavesTheFileAlone() throws {
        let directory = try TemporaryDirectory()
        let (url, session) = try seeded(directory)
        try damageRootPage(of: "messages", in: url)
        let bytes = try Data(contentsOf: url)

        let reader = try SQLiteStore(url: url, access: .readOnly)
        XCTAssertThrowsError(try reader.sessionDetail(session)) { assertDamaged($0, url) }
        try reader.close()

        let writer = try SQLiteStore(url: url)
        XCTAssertThrowsError(try writer.appendUserMessage(session: session, turn: UUID(), text: "more")) {
            assertDamaged($0, url)
        }
        // Once damage is seen, writes that would not touch the bad page are refused too.
        XCTAssertThrowsError(try writer.createSession(firstPrompt: "elsewhere", model: nil)) { assertDamaged($0, url) }
        try writer.close()

        XCTAssertEqual(try Data(contentsOf: url), bytes, "the damaged file was written to")
        let walSize = (try? FileManager.default.attributesOfItem(atPath: url.path + "-wal")[.size] as? Int) ?? 0
        XCTAssertEqual(walSize, 0, "nothing committed to the WAL either")
    }

    func testDamagedSearchIndexStopsSearchAndWrites() throws {
        let directory = try TemporaryDirectory()
        let (url, session) = try seeded(directory)
        try damageRootPage(of: "message_search_data", in: url)
        let bytes = try Data(contentsOf: url)

        // The index trigger meets the damage while storing a prompt; a fresh store meets it while searching.
        let writer = try SQLiteStore(url: url)
        XCTAssertThrowsError(try writer.appendUserMessage(session: session, turn: UUID(), text: "capybara again")) {
            assertDamaged($0, url)
        }
        try writer.close()
        let reader = try SQLiteStore(url: url, access: .readOnly)
        XCTAssertThrowsError(try reader.search("capybara")) { assertDamaged($0, url) }
        try reader.close()
        XCTAssertEqual(try Data(contentsOf: url), bytes)
    }
}
