import Foundation
import SwitchboardCore
import SwitchboardTestSupport
import XCTest

/// Two `serve` processes on one PostgreSQL database share deployment health: when one trips a deployment's
/// breaker, the other skips that deployment for its fallback without sending it a request to learn it.
final class SharedHealthServeTests: XCTestCase {
    func testATripOnOneInstanceMakesTheOtherSkipTheDeployment() async throws {
        let database = try PostgresTestDatabase.forTest()
        defer { try? database.drop() }
        let fixture = try await ProviderFixture.start(.init(answer: FixtureAnswer(text: "hello", usage: Usage(input: 5, output: 5))))
        let cli = try CLIRunner(extraEnvironment: ["OPENAI_API_KEY": "sk-fixture", "OPENROUTER_API_KEY": "sk-fixture"])
        defer { cli.cleanUp() }
        try cli.writeConfig("""
            default_model = "gpt-4o-mini"

            [providers.openai]
            base_url = "\(fixture.openAIBaseURL.absoluteString)"

            [providers.openrouter]
            base_url = "\(fixture.openRouterBaseURL.absoluteString)"
            """)
        let first = try LiveServe.start(cli, ["--no-auth", "--db", database.url])
        let second = try LiveServe.start(cli, ["--no-auth", "--db", database.url])
        defer {
            _ = first.stop()
            _ = second.stop()
        }
        // OpenAI first, OpenRouter as the fallback (OpenRouter's provider preferences).
        let chat = """
            {"model": "openai/gpt-4o-mini", "provider": {"order": ["openai", "openrouter"]},
             "messages": [{"role": "user", "content": "hi"}]}
            """
        let openAIPath = "/v1/chat/completions"
        for _ in 0..<3 { fixture.faults.enqueue(.status(503), for: .path(openAIPath)) }
        // Each request fails once on OpenAI and is answered by the fallback; the third failure in a row trips it.
        for _ in 0..<3 {
            let fellBack = try await first.post("/v1/chat/completions", json: chat)
            XCTAssertEqual(fellBack.status, 200, "the fallback answered: \(fellBack.text)")
        }
        let sentToOpenAI = fixture.requestCount(path: openAIPath)
        XCTAssertEqual(sentToOpenAI, 3, "three failures in a row trip OpenAI's breaker on the first instance")
        try await Task.sleep(for: .seconds(1))
        let answered = try await second.post("/v1/chat/completions", json: chat)
        XCTAssertEqual(answered.status, 200, answered.text)
        XCTAssertEqual(fixture.requestCount(path: openAIPath), sentToOpenAI,
                       "the second instance skipped OpenAI without sending it a request")
        XCTAssertEqual(fixture.requestCount(path: "/api/v1/chat/completions"), 4, "every answer came through the fallback")
        // `switchboard health` on the shared database shows the cooldown too.
        let health = try cli.run(["health", "--json", "--db", database.url])
        XCTAssertEqual(health.status, 0, health.stderr)
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(health.stdout.utf8)) as? [[String: Any]], health.stdout)
        XCTAssertEqual(rows.first { $0["key"] as? String == "openai/gpt-4o-mini" }?["status"] as? String, "cooling_down", health.stdout)
        try await fixture.shutdown()
    }
}
