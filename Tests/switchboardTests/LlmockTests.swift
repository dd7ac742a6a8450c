import Foundation
import XCTest

/// `switchboard ask` against llmock, a mock written by someone else, speaking three providers' wire formats.
final class LlmockTests: XCTestCase {
    private var server: LlmockServer!
    private var cli: CLIRunner!

    override func setUpWithError() throws {
        server = try LlmockServer.start()
        cli = try CLIRunner(extraEnvironment: server.environment)
    }

    override func tearDown() {
        server?.stop()
        cli?.cleanUp()
    }

    private func ask(_ arguments: [String]) throws -> (CLIRunner.Result, [String: Any]) {
        let result = try cli.run(["ask", "--json", "--no-store"] + arguments)
        return (result, try jsonObject(result.stdout))
    }

    private func attempts(_ object: [String: Any]) -> [[String: Any]] {
        object["attempts"] as? [[String: Any]] ?? []
    }

    func testEveryProviderSurfaceAnswers() throws {
        for (model, provider) in [("openai/gpt-4o-mini", "openai"), ("anthropic/claude-sonnet-4-5", "anthropic"),
                                  ("google/gemini-2.5-flash", "gemini")] {
            let (result, object) = try ask(["-m", model, "say hello"])
            XCTAssertEqual(result.status, 0, "\(model): \(result.stderr)")
            XCTAssertEqual(object["provider"] as? String, provider)
            XCTAssertEqual(object["complete"] as? Bool, true)
            XCTAssertFalse((object["text"] as? String ?? "").isEmpty, model)
            XCTAssertEqual(object["usage_estimated"] as? Bool, false, "\(model) reported usage")
            XCTAssertNotNil(object["cost"] as? String, "\(model) has catalog prices, so a computed cost")
        }
    }

    func testWaitsOutA429AndSucceedsOnTheSameProvider() throws {
        try server.queue(#"{"type":"fail","status":429,"retry_after":1,"times":1,"match":{"provider":"openai"}}"#)
        let started = Date()
        let (result, object) = try ask(["-m", "openai/gpt-4o-mini", "hello"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let tries = attempts(object)
        XCTAssertEqual(tries.map { $0["outcome"] as? String }, ["rate_limited", "success"])
        XCTAssertEqual(tries.map { $0["provider"] as? String }, ["openai", "openai"])
        XCTAssertEqual(tries.first?["status"] as? Int, 429)
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 1.0, "the provider's Retry-After was waited out")
    }

    func testFallsBackToTheNextModelOnA529() throws {
        try server.queue(#"{"type":"fail","status":529,"times":1,"match":{"provider":"anthropic"}}"#)
        let (result, object) = try ask(["-m", "anthropic/claude-sonnet-4-5", "--fallback", "openai/gpt-4o-mini", "hello"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(object["provider"] as? String, "openai")
        XCTAssertEqual(object["model"] as? String, "openai/gpt-4o-mini")
        XCTAssertEqual(attempts(object).map { $0["outcome"] as? String }, ["overloaded", "success"])
        XCTAssertEqual(attempts(object).first?["status"] as? Int, 529)
    }

    func testATruncatedStreamIsReportedIncomplete() throws {
        try server.queue(#"{"type":"stream_fault","kind":"truncate","after_chunks":2,"times":1}"#)
        let (result, object) = try ask(["-m", "openai/gpt-4o-mini", "hello"])
        XCTAssertEqual(result.status, 4, "exit 4 means incomplete: \(result.stderr)")
        XCTAssertEqual(object["complete"] as? Bool, false)
        XCTAssertEqual(attempts(object).first?["outcome"] as? String, "truncated")
        XCTAssertNil(object["cost"] as? String, "no usage arrived, so no cost is claimed")
    }

    func testEveryAttemptFailingExitsThreeAndNamesWhatWasTried() throws {
        try server.queue(#"{"type":"fail","status":401,"times":1,"match":{"provider":"gemini"}}"#)
        let result = try cli.run(["ask", "--no-store", "-m", "google/gemini-2.5-flash", "hello"])
        XCTAssertEqual(result.status, 3, result.stderr)
        XCTAssertTrue(result.stderr.contains("gemini"), result.stderr)
        XCTAssertTrue(result.stderr.contains("401"), result.stderr)
        XCTAssertFalse(result.stderr.contains("AIzaLlmockTestKey000000001"), "keys never appear in errors")
    }

    func testAConversationSwitchesProviderMidwayAndHistoryShowsBoth() throws {
        let first = try cli.run(["ask", "-m", "openai/gpt-4o-mini", "remember the word pelican"])
        XCTAssertEqual(first.status, 0, first.stderr)
        let second = try cli.run(["ask", "--session", "last", "-m", "anthropic/claude-sonnet-4-5", "which word?"])
        XCTAssertEqual(second.status, 0, second.stderr)
        let shown = try jsonObject(try cli.run(["history", "show", "last", "--json"]).stdout)
        let messages = try XCTUnwrap(shown["messages"] as? [[String: Any]])
        XCTAssertEqual(messages.compactMap { $0["provider"] as? String }, ["openai", "anthropic"])
        XCTAssertEqual(messages.compactMap { $0["model"] as? String }, ["openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5"])
        XCTAssertTrue(try cli.run(["history", "search", "pelican"]).stdout.contains("pelican"))
        let spend = try cli.run(["spend", "--by", "provider", "--json"])
        let keys = (try JSONSerialization.jsonObject(with: Data(spend.stdout.utf8)) as? [[String: Any]])?.compactMap { $0["key"] as? String }
        XCTAssertEqual(Set(keys ?? []), ["openai", "anthropic"])
    }
}
