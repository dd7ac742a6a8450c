import Foundation
import SwitchboardCore
import SwitchboardTestSupport
import XCTest

/// Two `serve` processes on one PostgreSQL database: a key created through one is accepted by both, and once
/// `keys revoke` has run (a third process), the other instance refuses it within a second.
final class SharedKeysServeTests: XCTestCase {
    func testAKeyRevokedAnywhereIsRefusedByEveryInstanceWithinASecond() async throws {
        let database = try PostgresTestDatabase.forTest()
        defer { try? database.drop() }
        let fixture = try await ProviderFixture.start(.init(answer: FixtureAnswer(text: "hello", usage: Usage(input: 5, output: 5))))
        let cli = try CLIRunner(extraEnvironment: ["OPENAI_API_KEY": "sk-fixture"])
        defer { cli.cleanUp() }
        try cli.writeConfig("""
            default_model = "gpt-4o-mini"

            [providers.openai]
            base_url = "\(fixture.openAIBaseURL.absoluteString)"
            """)
        let created = try cli.run(["keys", "create", "ci", "--db", database.url])
        XCTAssertEqual(created.status, 0, created.stderr)
        let secret = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let first = try LiveServe.start(cli, ["--db", database.url])
        let second = try LiveServe.start(cli, ["--db", database.url])
        defer {
            _ = first.stop()
            _ = second.stop()
        }
        let chat = #"{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}"#
        for serve in [first, second] {
            let reply = try await serve.post("/v1/chat/completions", json: chat, key: secret)
            XCTAssertEqual(reply.status, 200, reply.text)
        }
        let revoked = try cli.run(["keys", "revoke", "ci", "--db", database.url])
        XCTAssertEqual(revoked.status, 0, revoked.stderr)
        let started = ContinuousClock.now
        var status = 0
        repeat {
            status = try await second.post("/v1/chat/completions", json: chat, key: secret).status
            if status == 401 { break }
            try await Task.sleep(for: .milliseconds(50))
        } while ContinuousClock.now - started < .seconds(1)
        XCTAssertEqual(status, 401, "the other instance still accepts a key revoked a second ago")
        let onFirst = try await first.post("/v1/chat/completions", json: chat, key: secret)
        XCTAssertEqual(onFirst.status, 401)
        try await fixture.shutdown()
    }
}
