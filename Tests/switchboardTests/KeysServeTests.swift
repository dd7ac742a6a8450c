import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SwitchboardTestSupport
import XCTest

/// Virtual keys against a live `serve` process over real HTTP, with an OpenAI-compatible loopback fixture
/// upstream: no key, a made-up or a revoked key is 401 (never echoed); a model outside the key's patterns 403;
/// past its rate 429 with Retry-After; over its cap the budget's refusal names the key; what a key spent shows
/// in `keys list` and `spend --by key|tag`.
final class KeysServeTests: XCTestCase {
    private var cli: CLIRunner!
    private var fixture: ProviderFixture!
    private var database: String { cli.home.appendingPathComponent("serve.sqlite").path }

    override func setUp() async throws {
        cli = try CLIRunner(extraEnvironment: ["OPENAI_API_KEY": "sk-fixture"])
        fixture = try await ProviderFixture.start()
        try cli.writeConfig("""
            default_model = "gpt-4o-mini"

            [providers.openai]
            base_url = "\(fixture.openAIBaseURL.absoluteString)"
            """)
    }

    override func tearDown() async throws {
        try await fixture?.shutdown()
        cli?.cleanUp()
    }

    private let chat = #"{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Say hello"}]}"#

    private func create(_ name: String, _ options: String...) throws -> String {
        let created = try cli.run(["keys", "create", name] + options + ["--db", database])
        XCTAssertEqual(created.status, 0, created.stderr)
        return created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A chat request with the given headers.
    private func post(_ serve: LiveServe, headers: [String: String]) async throws -> (status: Int, text: String, retryAfter: String?) {
        var request = URLRequest(url: try XCTUnwrap(URL(string: serve.url + "/v1/chat/completions")))
        request.httpMethod = "POST"
        request.httpBody = Data(chat.utf8)
        request.timeoutInterval = 60
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try XCTUnwrap(response as? HTTPURLResponse)
        return (http.statusCode, String(decoding: data, as: UTF8.self), http.value(forHTTPHeaderField: "Retry-After"))
    }

    private func errorCode(_ text: String) -> String? {
        let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        return (object?["error"] as? [String: Any])?["code"] as? String
    }

    func testKeysAreCheckedCappedAndCounted() async throws {
        let good = try create("ci", "--daily", "1")
        let tiny = try create("tiny", "--daily", "0.000001")
        let demoOnly = try create("demo-only", "--models", "demo/*")
        let slow = try create("slow", "--rpm", "1")
        let gone = try create("gone")
        XCTAssertEqual(try cli.run(["keys", "revoke", "gone", "--db", database]).status, 0)

        let serve = try LiveServe.start(cli, ["--db", database])
        var stopped = false
        defer { if !stopped { serve.stop() } }

        let missing = try await post(serve, headers: [:])
        XCTAssertEqual(missing.status, 401, missing.text)
        XCTAssertEqual(errorCode(missing.text), "invalid_api_key")
        let forged = "sb-" + String(repeating: "ab", count: 32)
        for key in [gone, forged] {
            let refused = try await post(serve, headers: ["Authorization": "Bearer \(key)"])
            XCTAssertEqual(refused.status, 401, refused.text)
            XCTAssertFalse(refused.text.contains(key.dropFirst(3)), "the key is never echoed")
        }
        let revokedByHeader = try await post(serve, headers: ["x-api-key": gone])
        XCTAssertEqual(revokedByHeader.status, 401, revokedByHeader.text)

        let answered = try await post(serve, headers: ["Authorization": "Bearer \(good)", "X-Switchboard-Tag": "nightly, team:a"])
        XCTAssertEqual(answered.status, 200, answered.text)
        let byAPIKey = try await post(serve, headers: ["x-api-key": good])
        XCTAssertEqual(byAPIKey.status, 200, byAPIKey.text)

        let overCap = try await post(serve, headers: ["Authorization": "Bearer \(tiny)"])
        XCTAssertEqual(overCap.status, 402, overCap.text)
        XCTAssertTrue(overCap.text.contains("key 'tiny' daily budget $0.000001 reached"), overCap.text)

        let forbidden = try await post(serve, headers: ["Authorization": "Bearer \(demoOnly)"])
        XCTAssertEqual(forbidden.status, 403, forbidden.text)
        XCTAssertTrue(forbidden.text.contains("key 'demo-only' may not use 'gpt-4o-mini'"), forbidden.text)

        let first = try await post(serve, headers: ["Authorization": "Bearer \(slow)"])
        XCTAssertEqual(first.status, 200, first.text)
        let second = try await post(serve, headers: ["Authorization": "Bearer \(slow)"])
        XCTAssertEqual(second.status, 429, second.text)
        let wait = try XCTUnwrap(second.retryAfter.flatMap(Int.init), "Retry-After")
        XCTAssertTrue((1...60).contains(wait), "\(wait)")

        let log = serve.stop()
        stopped = true
        for key in [good, tiny, demoOnly, slow, gone] {
            XCTAssertFalse(log.contains(key.dropFirst(3)), "a key reached serve's log")
        }
        // Nor any file under HOME: the database, its WAL, switchboard.log.
        let files = FileManager.default.enumerator(at: cli.home, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        XCTAssertTrue(files.contains { $0.lastPathComponent == "serve.sqlite" })
        for file in files {
            guard let bytes = FileManager.default.contents(atPath: file.path) else { continue }
            for key in [good, tiny, demoOnly, slow, gone] {
                XCTAssertNil(bytes.range(of: Data(key.dropFirst(11).utf8)), "a key is in \(file.path)")
            }
        }

        let byKey = try cli.run(["spend", "--by", "key", "--json", "--db", database])
        XCTAssertEqual(byKey.status, 0, byKey.stderr)
        let rows = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(byKey.stdout.utf8)) as? [[String: Any]], byKey.stdout)
        let requests = Dictionary(uniqueKeysWithValues: rows.compactMap { row in
            (row["key"] as? String).map { ($0, row["requests"] as? Int ?? -1) }
        })
        XCTAssertEqual(requests, ["ci": 2, "slow": 1], byKey.stdout)
        let byTag = try cli.run(["spend", "--by", "tag", "--db", database])
        XCTAssertTrue(byTag.stdout.contains("nightly"), byTag.stdout)
        XCTAssertTrue(byTag.stdout.contains("team:a"), byTag.stdout)
        let listed = try cli.run(["keys", "list", "--json", "--db", database])
        let ci = try XCTUnwrap(listed.stdout.split(separator: "\n").first { $0.contains(#""name":"ci""#) })
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(ci.utf8)) as? [String: Any])
        XCTAssertGreaterThan(Decimal(string: object["spent_today"] as? String ?? "") ?? 0, 0, String(ci))
    }

    /// Twenty requests at once, through two `serve` processes on one database, against a key capped at $0.0002
    /// (each request holds its worst case, about $0.00006, and costs about $0.00003): some are refused, and what
    /// the key spent never passes its cap.
    func testConcurrentRequestsThroughTwoServersNeverPassAKeysCap() async throws {
        try await fixture.shutdown()
        var configuration = ProviderFixture.Configuration()
        configuration.pacing = .milliseconds(20)
        fixture = try await ProviderFixture.start(configuration)
        try cli.writeConfig("""
            default_model = "gpt-4o-mini"

            [providers.openai]
            base_url = "\(fixture.openAIBaseURL.absoluteString)"
            """)
        let key = try create("shared", "--daily", "0.0002")
        let servers = [try LiveServe.start(cli, ["--db", database]), try LiveServe.start(cli, ["--db", database])]
        defer { for server in servers { server.stop() } }
        let body = #"{"model": "gpt-4o-mini", "max_tokens": 100, "messages": [{"role": "user", "content": "Say hello"}]}"#
        let statuses = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for index in 0..<20 {
                let url = servers[index % 2].url
                group.addTask {
                    var request = URLRequest(url: try XCTUnwrap(URL(string: url + "/v1/chat/completions")))
                    request.httpMethod = "POST"
                    request.httpBody = Data(body.utf8)
                    request.timeoutInterval = 60
                    request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                    request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
                    let (data, response) = try await URLSession.shared.data(for: request)
                    return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
                }
            }
            return try await group.reduce(into: [(Int, String)]()) { $0.append($1) }
        }
        let refused = statuses.filter { $0.0 == 402 }
        XCTAssertGreaterThan(statuses.filter { $0.0 == 200 }.count, 0, "\(statuses)")
        XCTAssertGreaterThan(refused.count, 0, "the cap never bound: \(statuses)")
        XCTAssertEqual(statuses.filter { $0.0 != 200 && $0.0 != 402 }.count, 0, "\(statuses)")
        for (_, text) in refused { XCTAssertTrue(text.contains("key 'shared' daily budget"), text) }
        for server in servers { server.stop() }
        let listed = try cli.run(["keys", "list", "--json", "--db", database])
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any], listed.stdout)
        let spent = try XCTUnwrap(Decimal(string: object["spent_today"] as? String ?? ""))
        XCTAssertGreaterThan(spent, 0)
        XCTAssertLessThanOrEqual(spent, Decimal(string: "0.0002") ?? 0, "the key's cap was passed")
    }

    /// The global daily budget is one hold for every front end: `serve` requests (with a key that has no cap of
    /// its own) and `ask` processes at once, on one database, never spend past it.
    func testServeAndAskShareOneGlobalBudget() async throws {
        try await fixture.shutdown()
        var configuration = ProviderFixture.Configuration()
        configuration.pacing = .milliseconds(20)
        fixture = try await ProviderFixture.start(configuration)
        try cli.writeConfig("""
            default_model = "gpt-4o-mini"

            [budget]
            daily = 0.0002

            [providers.openai]
            base_url = "\(fixture.openAIBaseURL.absoluteString)"
            """)
        let key = try create("uncapped")
        let serve = try LiveServe.start(cli, ["--db", database])
        defer { serve.stop() }
        let body = #"{"model": "gpt-4o-mini", "max_tokens": 100, "messages": [{"role": "user", "content": "Say hello"}]}"#
        let asks = try (0..<6).map { _ in
            try cli.start(["ask", "--model", "gpt-4o-mini", "--max-tokens", "100", "--db", database, "Say hello"])
        }
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<12 {
                group.addTask {
                    var request = URLRequest(url: try XCTUnwrap(URL(string: serve.url + "/v1/chat/completions")))
                    request.httpMethod = "POST"
                    request.httpBody = Data(body.utf8)
                    request.timeoutInterval = 60
                    request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                    request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
                    let (_, response) = try await URLSession.shared.data(for: request)
                    return (response as? HTTPURLResponse)?.statusCode ?? 0
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        for ask in asks { ask.waitUntilExit() }
        serve.stop()
        XCTAssertTrue(statuses.allSatisfy { $0 == 200 || $0 == 402 }, "\(statuses)")
        // ask: 0 answered, 3 refused by the budget (every attempt failed).
        XCTAssertTrue(asks.allSatisfy { [0, 3].contains($0.terminationStatus) }, "\(asks.map(\.terminationStatus))")
        let spend = try cli.run(["spend", "--by", "day", "--json", "--db", database])
        let rows = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(spend.stdout.utf8)) as? [[String: Any]], spend.stdout)
        let total = rows.reduce(Decimal(0)) { $0 + (Decimal(string: "\($1["cost"] ?? "0")") ?? 0) }
        XCTAssertGreaterThan(total, 0)
        XCTAssertLessThanOrEqual(total, Decimal(string: "0.0002") ?? 0, "the daily budget was passed: \(spend.stdout)")
        XCTAssertTrue(statuses.contains(402) || asks.contains { $0.terminationStatus == 3 },
                      "18 requests of about $0.00003 each against $0.0002: some must be refused")
    }

    /// Anthropic's Messages endpoint takes the key as `x-api-key` and answers refusals in Anthropic's error shape;
    /// `metadata.user_id` becomes a tag.
    func testMessagesTakesXAPIKeyAndAnswersInAnthropicsShape() async throws {
        let good = try create("claude-code")
        let tiny = try create("tiny", "--daily", "0.000001")
        let gone = try create("gone")
        XCTAssertEqual(try cli.run(["keys", "revoke", "gone", "--db", database]).status, 0)
        let serve = try LiveServe.start(cli, ["--db", database])
        defer { serve.stop() }
        let body = #"{"model": "gpt-4o-mini", "max_tokens": 100, "metadata": {"user_id": "dev-7"}, "messages": [{"role": "user", "content": "Say hello"}]}"#
        func messages(_ key: String?) async throws -> (status: Int, json: [String: Any]) {
            var request = URLRequest(url: try XCTUnwrap(URL(string: serve.url + "/v1/messages")))
            request.httpMethod = "POST"
            request.httpBody = Data(body.utf8)
            request.timeoutInterval = 60
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.setValue("2023-06-01", forHTTPHeaderField: "anthropic-version")
            if let key { request.setValue(key, forHTTPHeaderField: "x-api-key") }
            let (data, response) = try await URLSession.shared.data(for: request)
            let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any], String(decoding: data, as: UTF8.self))
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, json)
        }
        for key in [nil, gone] {
            let refused = try await messages(key)
            XCTAssertEqual(refused.status, 401)
            XCTAssertEqual(refused.json["type"] as? String, "error")
            XCTAssertEqual((refused.json["error"] as? [String: Any])?["type"] as? String, "authentication_error", "\(refused.json)")
        }
        let overCap = try await messages(tiny)
        XCTAssertEqual(overCap.status, 402)
        let error = try XCTUnwrap(overCap.json["error"] as? [String: Any])
        XCTAssertEqual(error["type"] as? String, "billing_error")
        XCTAssertTrue((error["message"] as? String)?.contains("key 'tiny' daily budget") == true, "\(error)")
        let answered = try await messages(good)
        XCTAssertEqual(answered.status, 200, "\(answered.json)")
        XCTAssertEqual(answered.json["type"] as? String, "message")
        serve.stop()
        let byTag = try cli.run(["spend", "--by", "tag", "--db", database])
        XCTAssertTrue(byTag.stdout.contains("user_id:dev-7"), byTag.stdout)
        let byKey = try cli.run(["spend", "--by", "key", "--db", database])
        XCTAssertTrue(byKey.stdout.contains("claude-code"), byKey.stdout)
    }
}
