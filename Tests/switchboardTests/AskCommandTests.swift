import Foundation
import XCTest

/// `switchboard ask` and `switchboard models` with no keys: the demo provider, config errors, exit codes.
final class AskCommandTests: XCTestCase {
    private var cli: CLIRunner!

    override func setUpWithError() throws { cli = try CLIRunner() }
    override func tearDown() { cli?.cleanUp() }

    func testWithNoKeysTheDemoAnswersAndTheSummaryShowsCostAndLatency() throws {
        let result = try cli.run(["ask", "--no-store", "hello"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("Simulated answer from `demo/mini`"), result.stdout)
        let summary = try XCTUnwrap(result.stderr.split(separator: "\n").last.map(String.init))
        XCTAssertTrue(summary.hasPrefix("demo/mini via demo (simulated)"), summary)
        XCTAssertTrue(summary.contains("$0.0000"), summary)
        XCTAssertTrue(summary.contains("TTFT "), summary)
    }

    func testJSONHasTheDocumentedFields() throws {
        let result = try cli.run(["ask", "--no-store", "--json", "-m", "demo/pro", "--system", "be brief", "what is 2+2?"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try jsonObject(result.stdout)
        for key in ["text", "model", "provider", "usage", "cost", "cost_reported", "ttft_ms", "duration_ms", "complete", "attempts"] {
            XCTAssertTrue(object.keys.contains(key), "missing \(key) in \(object.keys.sorted())")
        }
        XCTAssertEqual(object["model"] as? String, "demo/pro")
        let usage = try XCTUnwrap(object["usage"] as? [String: Int])
        XCTAssertEqual(Set(usage.keys), ["input", "output", "cache_read", "cache_write", "reasoning"])
        // demo/pro costs $3/M in and $15/M out: the cost must be exactly that arithmetic.
        let expected = (Decimal(usage["input"] ?? 0) * 3 + Decimal(usage["output"] ?? 0) * 15) / 1_000_000
        XCTAssertEqual((object["cost"] as? String).flatMap { Decimal(string: $0) }, expected)
        XCTAssertTrue(object["cost_reported"] is NSNull)
        let attempt = try XCTUnwrap((object["attempts"] as? [[String: Any]])?.first)
        XCTAssertEqual(attempt["outcome"] as? String, "success")
        XCTAssertEqual(attempt["provider"] as? String, "demo")
    }

    func testPromptFromStandardInput() throws {
        let result = try cli.run(["ask", "--no-store", "--json", "-"], stdin: "explain the swift code please")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue((try jsonObject(result.stdout)["text"] as? String ?? "").contains("```swift"))
    }

    func testUnknownModelSuggestsCloseMatches() throws {
        let result = try cli.run(["ask", "--no-store", "-m", "anthropic/claude-sonet-4-5", "hi"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("unknown model 'anthropic/claude-sonet-4-5'"), result.stderr)
        XCTAssertTrue(result.stderr.contains("anthropic/claude-sonnet-4-5"), result.stderr)
    }

    func testMissingKeyNamesTheVariableToSet() throws {
        let result = try cli.run(["ask", "--no-store", "-m", "openai/gpt-4o-mini", "hi"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("OPENAI_API_KEY"), result.stderr)
    }

    func testBadConfigNamesFileLineAndKey() throws {
        try cli.writeConfig("default_model = \"demo/mini\"\n\n[providers.openai]\nbase_url = 5\n")
        let result = try cli.run(["ask", "--no-store", "hi"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("config.toml:4: providers.openai.base_url: must be a string"), result.stderr)
    }

    func testConfigDefaultModelAndAliasAreUsed() throws {
        try cli.writeConfig("default_model = \"premium\"\n[aliases]\npremium = \"demo/pro\"\n")
        let result = try cli.run(["ask", "--no-store", "--json", "hi"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try jsonObject(result.stdout)["model"] as? String, "demo/pro")
    }

    func testNoPromptIsAUsageError() throws {
        let result = try cli.run(["ask", "--no-store", "  "])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("no prompt"), result.stderr)
    }

    func testModelsJSONListsPricesAndAvailability() throws {
        let result = try cli.run(["models", "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        XCTAssertGreaterThan(rows.count, 300)
        let sonnet = try XCTUnwrap(rows.first { $0["id"] as? String == "anthropic/claude-sonnet-4-5" && $0["provider"] as? String == "anthropic" })
        XCTAssertEqual(sonnet["input_per_mtok"] as? String, "3")
        XCTAssertEqual(sonnet["output_per_mtok"] as? String, "15")
        XCTAssertEqual(sonnet["available"] as? Bool, false)
        XCTAssertEqual(sonnet["simulated"] as? Bool, false)
        let demo = try XCTUnwrap(rows.first { $0["id"] as? String == "demo/mini" })
        XCTAssertEqual(demo["available"] as? Bool, true)
        XCTAssertEqual(demo["simulated"] as? Bool, true)
    }

    func testModelsImportMergesAnOpenRouterFile() throws {
        let file = cli.home.appendingPathComponent("or.json")
        try Data(#"{"data":[{"id":"acme/rocket-1","name":"Acme Rocket","context_length":8192,"pricing":{"prompt":"0.000001","completion":"0.000002"}}]}"#.utf8).write(to: file)
        let imported = try cli.run(["models", "import", file.path])
        XCTAssertEqual(imported.status, 0, imported.stderr)
        let listed = try cli.run(["models", "--json", "--search", "acme/rocket"])
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(rows.first?["input_per_mtok"] as? String, "1")
        XCTAssertEqual(rows.first?["provider"] as? String, "openrouter")
        let bad = try cli.run(["models", "import", cli.home.appendingPathComponent("missing.json").path])
        XCTAssertEqual(bad.status, 2)
    }

    func testARouteSkipsModelsWhoseProvidersHaveNoKey() throws {
        try cli.writeConfig("[routes.best]\nmodels = [\"openai/gpt-4o-mini\", \"demo/pro\"]\n")
        let result = try cli.run(["ask", "--no-store", "--json", "-m", "best", "hi"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try jsonObject(result.stdout)["model"] as? String, "demo/pro")
        let explained = try cli.run(["route", "--explain", "-m", "best", "hi"])
        XCTAssertTrue(explained.stdout.contains("skipped openai/gpt-4o-mini"), explained.stdout)
        XCTAssertTrue(explained.stdout.contains("OPENAI_API_KEY"), explained.stdout)
    }
}
