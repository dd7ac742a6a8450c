import Foundation
import XCTest

/// `switchboard route` takes `--attach`, `--tools`, `--schema` and `--reasoning` as `ask` does (one option group),
/// so its why-trace shows the candidates a request with them leaves out, and why, without sending anything.
final class RouteRequestOptionsTests: XCTestCase {
    private var cli: CLIRunner!

    /// Two OpenRouter models whose capabilities the listing states in full: one reads images and files, calls
    /// tools, thinks and answers to a schema; the other does none of it. A route tries the plain one first.
    override func setUpWithError() throws {
        cli = try CLIRunner(extraEnvironment: ["OPENROUTER_API_KEY": "sk-or-test-route"])
        let listing = #"""
            {"data":[
             {"id":"acme/plain","name":"Acme Plain","context_length":8192,
              "architecture":{"input_modalities":["text"]},"supported_parameters":["max_tokens"],
              "pricing":{"prompt":"0.000001","completion":"0.000002"}},
             {"id":"acme/able","name":"Acme Able","context_length":8192,
              "architecture":{"input_modalities":["text","image","file"]},
              "supported_parameters":["max_tokens","tools","reasoning","structured_outputs"],
              "pricing":{"prompt":"0.000003","completion":"0.000004"}}
            ]}
            """#
        let file = cli.home.appendingPathComponent("or.json")
        try Data(listing.utf8).write(to: file)
        let imported = try cli.run(["models", "import", file.path])
        XCTAssertEqual(imported.status, 0, imported.stderr)
        try cli.writeConfig("[routes.both]\nmodels = [\"acme/plain\", \"acme/able\"]\n")
    }

    private func write(_ name: String, _ bytes: Data) throws -> String {
        let url = cli.home.appendingPathComponent(name)
        try bytes.write(to: url)
        return url.path
    }

    private var png: Data { Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D]) }

    private func route(_ arguments: [String]) throws -> CLIRunner.Result {
        try cli.run(["route", "-m", "both"] + arguments + ["Describe it."])
    }

    func testWithoutOptionsBothModelsAreCandidates() throws {
        let result = try route([])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(result.stdout.contains("needs:"), result.stdout)
        XCTAssertFalse(result.stdout.contains("left out:"), result.stdout)
        XCTAssertTrue(result.stdout.contains("1. acme/plain"), result.stdout)
    }

    /// The why-trace of an image for the two models, whole.
    func testAnImageLeavesOutTheModelWithoutVision() throws {
        let result = try route(["--attach", try write("shot.png", png)])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, """
            requested: both
            estimated prompt: 8 tokens
            needs: vision (the conversation has an image)
            - route both: acme/plain -> acme/able
            candidates, in order:
              1. acme/able via openrouter (acme/able): fallback 1 of 1; via openrouter, $3/M in, $4/M out
            left out:
              - acme/plain via openrouter: lacks vision

            """)
    }

    func testEachOptionLeavesOutTheModelThatLacksWhatItNeeds() throws {
        let tools = try write("tools.json", Data(#"[{"name":"lookup","parameters":{"type":"object"}}]"#.utf8))
        let cases: [(arguments: [String], need: String, lacks: String)] = [
            (["--attach", try write("shot.png", png)], "vision (the conversation has an image)", "lacks vision"),
            (["--attach", try write("paper.pdf", Data("%PDF-1.4\n%%EOF\n".utf8))], "pdf (a PDF is attached)", "lacks pdf"),
            (["--tools", tools], "tools (tools are offered)", "lacks tools"),
            (["--schema", #"{"type":"object"}"#], "json (the reply must match a JSON Schema)", "lacks json"),
            (["--reasoning", "high"], "reasoning (a reasoning setting is given)", "lacks reasoning"),
        ]
        for (arguments, need, lacks) in cases {
            let result = try route(arguments)
            XCTAssertEqual(result.status, 0, "\(arguments): \(result.stderr)")
            let lines = result.stdout.split(separator: "\n").map(String.init)
            XCTAssertTrue(lines.contains { $0.hasPrefix("needs: ") && $0.contains(need) }, "\(arguments): \(result.stdout)")
            XCTAssertTrue(lines.contains { $0.hasPrefix("  1. acme/able via openrouter") }, "\(arguments): \(result.stdout)")
            XCTAssertTrue(lines.contains("  - acme/plain via openrouter: \(lacks)"), "\(arguments): \(result.stdout)")
        }
    }

    func testJSONShowsTheNeedsAndTheLeftOutModel() throws {
        let result = try route(["--json", "--reasoning", "low", "--attach", try write("shot.png", png)])
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual((object["needs"] as? [String])?.sorted(), ["reasoning", "vision"])
        let rejected = try XCTUnwrap(object["rejected"] as? [[String: Any]])
        XCTAssertEqual(rejected.count, 1, result.stdout)
        XCTAssertEqual((rejected.first?["candidate"] as? [String: Any])?["model"] as? String, "acme/plain")
        XCTAssertEqual(rejected.first?["reason"] as? String, "lacks reasoning, vision")
    }

    func testNoCandidateLeftIsAUsageErrorThatNamesWhatIsMissing() throws {
        let result = try cli.run(["route", "-m", "acme/plain", "--reasoning", "high", "hi"])
        XCTAssertEqual(result.status, 2, result.stdout)
        XCTAssertTrue(result.stderr.contains("reasoning"), result.stderr)
    }

    func testABadFileIsTheSameErrorAsForAsk() throws {
        let missing = cli.home.appendingPathComponent("missing.png").path
        let routed = try cli.run(["route", "--attach", missing, "hi"])
        let asked = try cli.run(["ask", "--no-store", "--attach", missing, "hi"])
        XCTAssertEqual(routed.status, 2)
        XCTAssertEqual(asked.status, 2)
        XCTAssertEqual(routed.stderr, asked.stderr)
        XCTAssertTrue(routed.stderr.contains("--attach"), routed.stderr)

        let badTools = try cli.run(["route", "--tools", try write("bad.json", Data("{".utf8)), "hi"])
        XCTAssertEqual(badTools.status, 2)
        XCTAssertTrue(badTools.stderr.contains("--tools"), badTools.stderr)
    }
}
