import Foundation
import XCTest
@testable import SwitchboardStore
import SwitchboardCore

/// The `--json` outputs are Codable structs now; they must stay what the dictionary version printed: the same keys
/// (nulls written, not left out), pretty-printed with sorted keys and unescaped slashes, a final newline. A
/// JSONSerialization round trip with the old options reproduces the old bytes, so our bytes must survive it as is.
final class StoreJSONShapesTests: XCTestCase {
    private let at = Date(timeIntervalSince1970: 1_750_000_000.25)

    private func canonical(_ data: Data) throws -> Data {
        let object = try JSONSerialization.jsonObject(with: data)
        var again = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        again.append(0x0A)
        return again
    }

    private func detail(route: String?) -> SessionDetail {
        let session = StoredSession(id: UUID(), title: "Paths a/b \u{1B} 数据", createdAt: at, updatedAt: at, systemPrompt: "Be exact",
                                    model: "openai/gpt-4o", tag: nil)
        let turn = UUID()
        let user = StoredMessage(id: MessageID(rawValue: 1), sessionID: session.id, parentID: nil, turnID: turn, role: .user,
                                 text: "why?", status: .complete, createdAt: at, updatedAt: at)
        let reply = StoredMessage(id: MessageID(rawValue: 2), sessionID: session.id, parentID: MessageID(rawValue: 1), turnID: turn,
                                  role: .assistant, text: "because", status: .complete, requestedModel: "auto",
                                  resolvedModel: "openai/gpt-4o", provider: "openai", usage: Usage(input: 3, output: 4),
                                  cost: Money(Decimal(string: "0.00042") ?? 0), ttftMs: 311, durationMs: 2048, createdAt: at, updatedAt: at)
        let attempts = [
            AttemptRecord(turnID: turn, ordinal: 1, model: "openai/gpt-4o", provider: "azure", providerModel: "gpt-4o",
                          reason: "explicit", outcome: .failed(.rateLimited, afterFirstToken: false), status: 429,
                          errorMessage: "slow down", startedAt: at, duration: .milliseconds(80)),
            AttemptRecord(turnID: turn, ordinal: 2, model: "openai/gpt-4o", provider: "openai", providerModel: "gpt-4o",
                          reason: "fallback", outcome: .success, status: 200, startedAt: at, ttft: .milliseconds(311),
                          duration: .milliseconds(2048), usage: Usage(input: 3, output: 4), cost: Money(Decimal(string: "0.00042") ?? 0)),
        ]
        return SessionDetail(session: session, entries: [.init(message: user, attempts: []),
                                                        .init(message: reply, attempts: attempts, route: route)])
    }

    func testShowKeepsItsKeysAndItsCanonicalForm() throws {
        let route = #"{"candidates":[{"model":"openai/gpt-4o","score":0.5,"rank":1,"ok":true,"note":null}],"policy":"auto"}"#
        let data = try StoreJSON.show(detail(route: route))
        XCTAssertEqual(data, try canonical(data))
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(Set(object.keys), ["id", "title", "created_at", "updated_at", "archived", "model", "system_prompt", "tag",
                                          "messages"])
        XCTAssertTrue(object["tag"] is NSNull)
        let messages = try XCTUnwrap(object["messages"] as? [[String: Any]])
        XCTAssertEqual(Set(messages[0].keys), ["id", "parent_id", "turn_id", "role", "text", "status", "model", "requested_model",
                                               "provider", "usage", "cost", "cost_reported", "ttft_ms", "duration_ms",
                                               "created_at", "updated_at", "attempts", "route"])
        XCTAssertTrue(messages[0]["route"] is NSNull)
        XCTAssertTrue(messages[0]["usage"] is NSNull)
        XCTAssertEqual(messages[1]["ttft_ms"] as? Int, 311)
        XCTAssertEqual(messages[1]["cost"] as? String, "0.00042")
        // The route decision passes through with its numbers, booleans and nulls as stored.
        let stored = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(route.utf8)) as? NSDictionary)
        XCTAssertEqual(messages[1]["route"] as? NSDictionary, stored)
        let attempts = try XCTUnwrap(messages[1]["attempts"] as? [[String: Any]])
        XCTAssertEqual(attempts.map { $0["outcome"] as? String }, ["rate_limited", "success"])
        XCTAssertEqual(attempts[0]["after_first_token"] as? Bool, false)
        XCTAssertTrue(attempts[0]["ttft_ms"] is NSNull)
    }

    func testARouteThatIsNotJSONShowsAsNull() throws {
        let object = try JSONSerialization.jsonObject(with: StoreJSON.show(detail(route: "{not json"))) as? [String: Any]
        let messages = try XCTUnwrap(object?["messages"] as? [[String: Any]])
        XCTAssertTrue(messages[1]["route"] is NSNull)
    }

    func testListSearchSpendAndStatsKeepTheirCanonicalForm() throws {
        let session = detail(route: nil).session
        let list = try StoreJSON.list([SessionSummary(session: session, messageCount: 2, models: ["a/b", "c"],
                                                      cost: CostTotal(known: Money(Decimal(string: "0.5") ?? 0), knownCount: 1, unknownCount: 1)),
                                       SessionSummary(session: session, messageCount: 0, models: [], cost: .zero)])
        XCTAssertEqual(list, try canonical(list))
        let first = try XCTUnwrap((try JSONSerialization.jsonObject(with: list) as? [[String: Any]])?.first)
        XCTAssertEqual(Set(first.keys), ["id", "title", "created_at", "updated_at", "archived", "model", "system_prompt", "tag",
                                         "messages", "models", "cost", "unknown_costs"])

        let search = try StoreJSON.search([SearchHit(sessionID: session.id, sessionTitle: "t", messageID: MessageID(rawValue: 9),
                                                     role: .assistant, model: nil, createdAt: at,
                                                     snippet: [.init(text: "a ", highlighted: false), .init(text: "b", highlighted: true)],
                                                     rank: -1.25)])
        XCTAssertEqual(search, try canonical(search))
        XCTAssertTrue(String(decoding: search, as: UTF8.self).contains(#""snippet" : "a **b**""#))

        var labelled = SpendReport.Row(key: "9f86d081", label: "My session")
        labelled.add(cost: nil, reported: Money(Decimal(string: "0.1") ?? 0), usage: Usage(input: 1, output: 2))
        let spend = try StoreJSON.spend(SpendReport(grouping: .session, since: nil, rows: [labelled, SpendReport.Row(key: "k")],
                                                    total: labelled))
        XCTAssertEqual(spend, try canonical(spend))
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: spend) as? [[String: Any]])
        XCTAssertEqual(rows[0]["label"] as? String, "My session")
        XCTAssertNil(rows[1]["label"], "no label, no key (as before)")
        XCTAssertTrue(rows[1]["cost_reported"] is NSNull)

        let stats = try StoreJSON.stats([ModelStats(model: "m", provider: "p", requests: 3, successes: 1, cancelled: 1,
                                                    errors: ["timeout": 1, "rate_limited": 0], ttftP50: 10, ttftP95: nil,
                                                    durationP50: nil, durationP95: 30, outputTokensPerSecond: nil)])
        XCTAssertEqual(stats, try canonical(stats))
        XCTAssertTrue(String(decoding: stats, as: UTF8.self).contains(#""error_rate" : 0.3333"#))
    }
}
