import Foundation
import XCTest
import SwitchboardCore
@testable import SwitchboardStore

/// 1-hour cache writes and image inputs are kept on attempts (begun in flight, then finished) and reach the
/// spend report and an export, which then says version 2 and imports them back.
final class SQLiteStoreUsageKindsTests: XCTestCase {
    func testAttemptsKeepOneHourCacheWritesAndImages() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.file("usage.sqlite"))
        let session = try store.createSession(firstPrompt: "q", model: nil)
        let turn = UUID()
        try store.appendUserMessage(session: session.id, turn: turn, text: "q")
        let usage = Usage(input: 100, output: 20, cacheWrite: 5, cacheWrite1h: 300, images: 2)
        let attempt = AttemptRecord(turnID: turn, ordinal: 1, model: "anthropic/claude-x", provider: "anthropic",
                                    providerModel: "claude-x", reason: "explicit", outcome: .success, status: 200,
                                    startedAt: Date(timeIntervalSince1970: 1_700_000_000), ttft: .milliseconds(10),
                                    duration: .milliseconds(50), usage: usage, cost: Money(1))
        try await store.begin(attempt)
        try await store.record(attempt)
        XCTAssertEqual(try store.attempts(since: Date(timeIntervalSince1970: 0)).map(\.usage), [usage])
        let report = try await store.spendReport(by: .model, since: nil, calendar: Calendar(identifier: .gregorian))
        XCTAssertEqual(report.rows.first?.usage.cacheWrite1h, 300)
        XCTAssertEqual(report.rows.first?.usage.images, 2)

        let exported = try store.exportJSON(session.id)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: exported) as? [String: Any])
        XCTAssertEqual(object["version"] as? Int, 2)
        let fresh = try SQLiteStore(url: directory.file("fresh.sqlite"))
        _ = try fresh.importJSON(exported)
        XCTAssertEqual(try fresh.attempts(since: Date(timeIntervalSince1970: 0)).map(\.usage), [usage])
    }
}
