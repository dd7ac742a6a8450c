import XCTest
@testable import SwitchboardStore
import SwitchboardCore

final class StoreJSONTests: XCTestCase {
    private func object(_ data: Data) throws -> Any { try JSONSerialization.jsonObject(with: data) }

    func testShowHasTheDocumentedFieldsWithNullsForUnknowns() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let session = try store.createSession(firstPrompt: "Title here", model: "m")
        try store.storeTurn(session: session.id, prompt: "p", reply: "r", cost: nil)
        let json = try XCTUnwrap(try object(StoreJSON.show(store.sessionDetail(session.id))) as? [String: Any])
        XCTAssertEqual(json["id"] as? String, SQLiteStore.text(session.id))
        XCTAssertEqual(json["title"] as? String, "Title here")
        let messages = try XCTUnwrap(json["messages"] as? [[String: Any]])
        XCTAssertEqual(messages.count, 2)
        for key in ["role", "text", "model", "provider", "status", "usage", "cost", "ttft_ms", "attempts"] {
            XCTAssertTrue(messages.allSatisfy { $0[key] != nil }, "missing \(key)")
        }
        XCTAssertTrue(messages[0]["model"] is NSNull)
        XCTAssertTrue(messages[1]["cost"] is NSNull, "unknown cost is null")
        XCTAssertEqual(messages[1]["ttft_ms"] as? Int, 300)
        XCTAssertEqual((messages[1]["usage"] as? [String: Any])?["output"] as? Int, 40)
        let attempts = try XCTUnwrap(messages[1]["attempts"] as? [[String: Any]])
        XCTAssertEqual(attempts.first?["outcome"] as? String, "success")
        XCTAssertTrue(attempts.first?["cost"] is NSNull)
    }

    func testSpendRowsHaveKeyRequestsCostReportedAndTokens() throws {
        var row = SpendReport.Row(key: "openai/gpt-4o")
        row.add(cost: Money(Decimal(string: "0.0012") ?? 0), reported: nil, usage: Usage(input: 3, output: 4))
        row.add(cost: nil, reported: nil, usage: .zero)
        let report = SpendReport(grouping: .model, since: nil, rows: [row], total: row)
        let rows = try XCTUnwrap(try object(StoreJSON.spend(report)) as? [[String: Any]])
        XCTAssertEqual(rows.first?["key"] as? String, "openai/gpt-4o")
        XCTAssertEqual(rows.first?["requests"] as? Int, 2)
        XCTAssertEqual(rows.first?["cost"] as? String, "0.0012")
        XCTAssertEqual(rows.first?["unknown_cost_requests"] as? Int, 1)
        XCTAssertTrue(rows.first?["cost_reported"] is NSNull)
        XCTAssertEqual((rows.first?["tokens"] as? [String: Any])?["output"] as? Int, 4)
    }

    func testOutputIsDeterministic() throws {
        let stats = [ModelStats(model: "m", provider: "p", requests: 3, successes: 2, cancelled: 0, errors: ["timeout": 1],
                                ttftP50: 10, ttftP95: nil, durationP50: 20, durationP95: 30, outputTokensPerSecond: 12.345)]
        let first = try StoreJSON.stats(stats)
        XCTAssertEqual(first, try StoreJSON.stats(stats))
        let text = String(decoding: first, as: UTF8.self)
        XCTAssertTrue(text.contains("\"error_rate\" : 0.3333"), text)
        XCTAssertTrue(text.contains("\"output_tokens_per_second\" : 12.3"), text)
    }
}
