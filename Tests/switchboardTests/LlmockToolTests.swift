import Foundation
import XCTest

/// `switchboard ask --tools FILE --json` against llmock (a mock written by someone else) on each protocol it speaks
/// (OpenAI, Anthropic, Gemini, and Groq for the OpenAI-compatible adapter):
/// the tools reach it in that protocol's shape, and its tool calls (streamed as each provider streams them:
/// OpenAI and Anthropic in 12-character argument fragments, cut mid-JSON; Gemini as whole `functionCall` parts)
/// come back as a complete reply.
///
/// What llmock 0.2.2 cannot express, so is checked on the repo's own fixture servers instead: thinking of any kind
/// (it streams no `reasoning_content`, no `thinking`/`signature_delta` blocks, no `thought` parts; a reasoning
/// setting in the request is accepted and ignored), and malformed arguments on Gemini (its `functionCall.args` is
/// an object, and llmock sends `{}` for a broken one).
final class LlmockToolTests: XCTestCase {
    private var server: LlmockServer!
    private var cli: CLIRunner!
    private var toolsFile = ""

    /// A model of each protocol llmock mocks that the catalog says takes tools and a reasoning setting.
    private let protocols = [("openai/gpt-5-mini", "openai"), ("anthropic/claude-sonnet-4-5", "anthropic"),
                             ("google/gemini-2.5-flash", "gemini")]
    /// Those and an OpenAI-compatible server (llmock's Groq, `[providers.groq] base_url`), for the tool calls.
    private var toolProtocols: [(String, String)] { protocols + [("groq/llama-3.3-70b-versatile", "groq")] }

    override func setUpWithError() throws {
        server = try LlmockServer.start()
        cli = try CLIRunner(extraEnvironment: server.environment.merging(["GROQ_API_KEY": "gsk_llmock_test_0001"]) { $1 })
        let config = cli.home.appendingPathComponent("config/switchboard")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        try Data("[providers.groq]\nbase_url = \"\(server.baseURL)/groq/openai/v1\"\n".utf8)
            .write(to: config.appendingPathComponent("config.toml"))
        // One OpenAI-style definition and one bare one, as `--tools` accepts both.
        let tools = #"""
        [{"type": "function", "function": {"name": "get_weather", "description": "Current weather for a city",
          "parameters": {"type": "object", "properties": {"city": {"type": "string"},
                         "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}}, "required": ["city"]}}},
         {"name": "search_files", "description": "Search the project files",
          "parameters": {"type": "object", "properties": {"query": {"type": "string"},
                         "max_results": {"type": "integer", "minimum": 5}}, "required": ["query"]}}]
        """#
        toolsFile = cli.home.appendingPathComponent("tools.json").path
        try Data(tools.utf8).write(to: URL(fileURLWithPath: toolsFile))
    }

    override func tearDown() {
        server?.stop()
        cli?.cleanUp()
    }

    private func ask(_ model: String, _ prompt: String, _ extra: [String] = []) throws -> (CLIRunner.Result, [String: Any]) {
        let result = try cli.run(["ask", "--json", "--no-store", "-m", model] + extra + [prompt])
        return (result, try jsonObject(result.stdout))
    }

    private func calls(_ object: [String: Any]) -> [[String: Any]] {
        object["tool_calls"] as? [[String: Any]] ?? []
    }

    /// The tool names of the one request llmock served, read from the protocol's own shape.
    private func offeredToolNames(provider: String) throws -> [String] {
        let served = try server.served().filter { $0["provider"] as? String == provider }
        XCTAssertEqual(served.count, 1, "one request to \(provider)")
        let tools = (served.last?["body"] as? [String: Any])?["tools"] as? [[String: Any]] ?? []
        switch provider {
        case "openai", "groq": return tools.compactMap { ($0["function"] as? [String: Any])?["name"] as? String }
        case "anthropic": return tools.compactMap { $0["input_schema"] != nil ? $0["name"] as? String : nil }
        default: return tools.flatMap { ($0["functionDeclarations"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String } }
        }
    }

    /// llmock's auto mode calls the tool whose name and description best match the prompt, with arguments it
    /// derives from that tool's schema as it received it (`mock-<property>`, an integer at its `minimum`): the
    /// arguments are right only if the schema crossed each protocol's translation intact.
    func testAnOfferedToolIsCalledAndTheCallIsACompleteReplyOnEveryProtocol() throws {
        for (model, provider) in toolProtocols {
            try server.reset()
            let (result, object) = try ask(model, "search the project files for the parser", ["--tools", toolsFile])
            XCTAssertEqual(result.status, 0, "\(model): a reply that only calls a tool is complete: \(result.stderr)")
            XCTAssertEqual(object["complete"] as? Bool, true, model)
            XCTAssertEqual(object["finish_reason"] as? String, "tool_calls", model)
            XCTAssertEqual(object["text"] as? String, "", model)
            XCTAssertEqual(object["usage_estimated"] as? Bool, false, "\(model) reported usage")
            let made = calls(object)
            XCTAssertEqual(made.map { $0["name"] as? String }, ["search_files"], model)
            XCTAssertEqual(try canonical(made.first?["arguments"]), try canonical(["query": "mock-query", "max_results": 5]), model)
            XCTAssertFalse((made.first?["id"] as? String ?? "").isEmpty, "\(model): the call has an id to answer it by")
            XCTAssertEqual(try offeredToolNames(provider: provider), ["get_weather", "search_files"], model)
        }
    }

    /// A scripted reply that matches on `tools` waits for a request that offers them: the plain ask before it gets
    /// text, the ask with `--tools` gets both scripted calls, in order, arguments exact (nested, quoted, non-ASCII,
    /// long enough that llmock cuts them mid-string on OpenAI and Anthropic).
    func testScriptedCallsMatchOnlyARequestThatOffersTools() throws {
        let edit: [String: Any] = ["path": "Sources/App/Parser.swift", "dry_run": false, "count": 3,
                                   "edits": [["old": #"let s = "a\b""#, "new": "let s = \"café 世界 👩‍💻\""]]]
        let weather: [String: Any] = ["city": "Zürich", "unit": "celsius"]
        let script = String(decoding: try JSONSerialization.data(withJSONObject: [
            ["name": "edit_file", "arguments": edit], ["name": "get_weather", "arguments": weather],
        ]), as: UTF8.self)
        for (model, provider) in toolProtocols {
            try server.reset()
            try server.queue(#"{"type":"reply","tool_calls":\#(script),"match":{"tools":true,"provider":"\#(provider)"}}"#)

            let (plain, plainObject) = try ask(model, "say hello")
            XCTAssertEqual(plain.status, 0, "\(model): \(plain.stderr)")
            // The provider's own word for a text answer (stop, end_turn, STOP).
            XCTAssertNotEqual(plainObject["finish_reason"] as? String, "tool_calls", "\(model): no tools offered, no scripted calls")
            XCTAssertTrue(calls(plainObject).isEmpty, model)
            XCTAssertFalse((plainObject["text"] as? String ?? "").isEmpty, model)

            let (result, object) = try ask(model, "fix the parser", ["--tools", toolsFile])
            XCTAssertEqual(result.status, 0, "\(model): \(result.stderr)")
            XCTAssertEqual(object["complete"] as? Bool, true, model)
            XCTAssertEqual(object["finish_reason"] as? String, "tool_calls", model)
            let made = calls(object)
            XCTAssertEqual(made.map { $0["name"] as? String }, ["edit_file", "get_weather"], model)
            XCTAssertEqual(try made.map { try canonical($0["arguments"]) }, [try canonical(edit), try canonical(weather)], model)
            let ids = made.compactMap { $0["id"] as? String }
            XCTAssertEqual(Set(ids).count, 2, "\(model): each call has its own id: \(ids)")
        }
    }

    /// A reasoning setting travels with the tools in each protocol's own words, llmock accepts the request, and the
    /// tool call still comes back whole. llmock streams no thinking, so `reasoning` stays null here; streamed
    /// thinking is checked against the repo's fixture servers (SwitchboardHTTPTests).
    func testAReasoningSettingGoesWithTheToolsOnEveryProtocol() throws {
        for (model, provider) in protocols {
            try server.reset()
            let (result, object) = try ask(model, "search the project files", ["--tools", toolsFile, "--reasoning", "high"])
            XCTAssertEqual(result.status, 0, "\(model): \(result.stderr)")
            XCTAssertEqual(object["finish_reason"] as? String, "tool_calls", model)
            XCTAssertEqual(calls(object).map { $0["name"] as? String }, ["search_files"], model)
            XCTAssertTrue(object["reasoning"] is NSNull, "\(model): llmock sends no thinking, and none is invented")

            let served = try server.served().filter { $0["provider"] as? String == provider }
            XCTAssertEqual(served.map { $0["status"] as? Int }, [200], model)
            let body = try XCTUnwrap(served.first?["body"] as? [String: Any], model)
            switch provider {
            case "openai":
                XCTAssertEqual(body["reasoning_effort"] as? String, "high")
                XCTAssertNotNil(body["max_completion_tokens"] as? Int, "a reasoning model's limit is max_completion_tokens")
            case "anthropic":
                let thinking = try XCTUnwrap(body["thinking"] as? [String: Any])
                XCTAssertEqual(thinking["type"] as? String, "enabled")
                let budget = try XCTUnwrap(thinking["budget_tokens"] as? Int)
                XCTAssertGreaterThanOrEqual(budget, 1024, "Anthropic's minimum thinking budget")
                XCTAssertLessThan(budget, try XCTUnwrap(body["max_tokens"] as? Int), "the budget fits under max_tokens")
                let choice = body["tool_choice"] as? [String: Any]
                XCTAssertTrue(choice == nil || choice?["type"] as? String == "auto", "thinking allows no forced tool: \(String(describing: choice))")
            default:
                let config = try XCTUnwrap((body["generationConfig"] as? [String: Any])?["thinkingConfig"] as? [String: Any])
                XCTAssertEqual(config["includeThoughts"] as? Bool, true)
                XCTAssertGreaterThan(config["thinkingBudget"] as? Int ?? 0, 0)
            }
        }
    }

    /// A model that calls a tool it was not offered, or sends arguments that are not JSON: `ask` never runs a tool,
    /// so it reports the call as the model made it, never dropped, renamed or replaced by `{}`. (On Gemini
    /// llmock cannot send broken arguments: `functionCall.args` is an object, and it sends `{}`.)
    func testABrokenToolCallIsReportedAsTheModelMadeIt() throws {
        for (model, provider) in toolProtocols {
            try server.reset()
            try server.queue(#"{"type":"tool_fault","kind":"unknown_tool"}"#)
            let (result, object) = try ask(model, "search the project files", ["--tools", toolsFile])
            XCTAssertEqual(result.status, 0, "\(model): \(result.stderr)")
            XCTAssertEqual(object["finish_reason"] as? String, "tool_calls", model)
            XCTAssertEqual(calls(object).map { $0["name"] as? String }, ["llmock_unknown_tool"], model)

            guard provider != "gemini" else { continue }
            try server.reset()
            try server.queue(#"{"type":"tool_fault","kind":"malformed_arguments"}"#)
            let (broken, brokenObject) = try ask(model, "search the project files", ["--tools", toolsFile])
            XCTAssertEqual(broken.status, 0, "\(model): \(broken.stderr)")
            let call = try XCTUnwrap(calls(brokenObject).first, model)
            XCTAssertEqual(call["name"] as? String, "search_files", model)
            // llmock cuts the arguments' JSON (`json.dumps`, so ", " and ": ") in half; its keys follow the order
            // of the schema's properties as the adapter wrote them.
            let halves = [#"{"query": "mock-query", "max_results": 5}"#, #"{"max_results": 5, "query": "mock-query"}"#]
                .map { String($0.prefix($0.count / 2)) }
            let sent = call["arguments"] as? String
            XCTAssertTrue(sent.map(halves.contains) ?? false,
                          "\(model): the broken text as the model sent it, got \(String(describing: call["arguments"]))")
        }
    }

    /// The JSON text of a value with sorted keys, so objects compare whatever order they were written in.
    private func canonical(_ value: Any?) throws -> String {
        let unwrapped = try XCTUnwrap(value)
        return String(decoding: try JSONSerialization.data(withJSONObject: unwrapped, options: [.sortedKeys, .fragmentsAllowed]),
                      as: UTF8.self)
    }
}
