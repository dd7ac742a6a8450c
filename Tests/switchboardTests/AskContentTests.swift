import Foundation
import SwitchboardCore
import SwitchboardTestSupport
import XCTest

/// `ask --attach / --schema / --reasoning / --tools` and `--json`'s `tool_calls`, `reasoning` and `cost_split`:
/// the real binary against the loopback provider fixtures, checked by the request bodies they recorded.
final class AskContentTests: XCTestCase {
    private var fixture: ProviderFixture!
    private var cli: CLIRunner!
    private var directory: URL { cli.home }

    override func setUp() async throws {
        fixture = try await ProviderFixture.start()
        cli = try CLIRunner(extraEnvironment: [
            "OPENAI_API_KEY": "sk-fixture-0001", "OPENAI_BASE_URL": fixture.openAIBaseURL.absoluteString,
            "ANTHROPIC_API_KEY": "sk-ant-fixture-0001", "ANTHROPIC_BASE_URL": fixture.anthropicBaseURL.absoluteString,
            "GEMINI_API_KEY": "AIzaFixtureKey0000000000001", "GEMINI_BASE_URL": fixture.geminiBaseURL.absoluteString,
        ])
    }

    override func tearDown() async throws {
        cli?.cleanUp()
        try await fixture?.shutdown()
    }

    // MARK: - Files

    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3]
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46, 0x49, 0x46, 0, 1]
    static let gif: [UInt8] = Array("GIF89a".utf8) + [1, 0, 1, 0, 0x80, 0, 0]
    static let webp: [UInt8] = Array("RIFF".utf8) + [26, 0, 0, 0] + Array("WEBPVP8 ".utf8) + [0, 0, 0, 0]
    static let pdf: [UInt8] = Array("%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n".utf8)

    private func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    private func lastBody(file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        try XCTUnwrap(fixture.recordedRequests().last?.jsonBody(), "no request reached the fixture", file: file, line: line)
    }

    private func json(_ stdout: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any], stdout, file: file, line: line)
    }

    /// The content parts of the last user message of the last request (OpenAI Chat).
    private func userParts() throws -> [[String: Any]] {
        let messages = try XCTUnwrap(try lastBody()["messages"] as? [[String: Any]])
        let user = try XCTUnwrap(messages.last { $0["role"] as? String == "user" })
        return try XCTUnwrap(user["content"] as? [[String: Any]], "the prompt was sent as text only: \(user)")
    }

    func testEachAttachmentTypeIsSentAsItsPartBeforeThePrompt() throws {
        let images = [("shot.png", Self.png, "image/png"), ("photo.jpg", Self.jpeg, "image/jpeg"),
                      ("anim.gif", Self.gif, "image/gif"), ("pic.webp", Self.webp, "image/webp")]
        var arguments = ["ask", "--no-store", "--json", "-m", "openai/gpt-4o-mini"]
        for (name, bytes, _) in images { arguments += ["--attach", try file(name, bytes)] }
        arguments += ["--attach", try file("paper.pdf", Self.pdf), "--attach", try file("notes.md", Array("# Notes\nbuy milk\n".utf8))]
        let result = try cli.run(arguments + ["describe these"])
        XCTAssertEqual(result.status, 0, result.stderr)

        let parts = try userParts()
        XCTAssertEqual(parts.count, 7, "\(parts)")
        for (index, (_, bytes, mediaType)) in images.enumerated() {
            XCTAssertEqual(parts[index]["type"] as? String, "image_url")
            let url = (parts[index]["image_url"] as? [String: Any])?["url"] as? String
            XCTAssertEqual(url, "data:\(mediaType);base64,\(Data(bytes).base64EncodedString())")
        }
        XCTAssertEqual(parts[4]["type"] as? String, "file")
        let pdf = parts[4]["file"] as? [String: Any]
        XCTAssertEqual(pdf?["filename"] as? String, "paper.pdf")
        XCTAssertEqual(pdf?["file_data"] as? String, "data:application/pdf;base64,\(Data(Self.pdf).base64EncodedString())")
        XCTAssertEqual(parts[5]["type"] as? String, "text")
        XCTAssertEqual(parts[5]["text"] as? String, "notes.md:\n# Notes\nbuy milk\n")
        XCTAssertEqual(parts[6]["text"] as? String, "describe these")
    }

    func testTheTypeComesFromTheBytesNotTheName() throws {
        let disguised = try file("notes.txt", Self.png)
        let result = try cli.run(["ask", "--no-store", "-m", "openai/gpt-4o-mini", "--attach", disguised, "what is it"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let parts = try userParts()
        XCTAssertEqual(parts.first?["type"] as? String, "image_url")
        let url = (parts.first?["image_url"] as? [String: Any])?["url"] as? String
        XCTAssertTrue(url?.hasPrefix("data:image/png;base64,") == true, url ?? "no url")
    }

    func testAStoredTurnKeepsItsAttachmentsForTheNextTurn() throws {
        let db = directory.appendingPathComponent("history.sqlite").path
        let image = try file("shot.png", Self.png)
        let first = try cli.run(["ask", "--db", db, "-m", "openai/gpt-4o-mini", "--attach", image, "what is it"])
        XCTAssertEqual(first.status, 0, first.stderr)
        let next = try cli.run(["ask", "--db", db, "--session", "last", "-m", "openai/gpt-4o-mini", "and now?"])
        XCTAssertEqual(next.status, 0, next.stderr)
        let messages = try XCTUnwrap(try lastBody()["messages"] as? [[String: Any]])
        let firstPrompt = try XCTUnwrap(messages.first { $0["role"] as? String == "user" }?["content"] as? [[String: Any]],
                                        "the first prompt was resent without its image: \(messages)")
        XCTAssertEqual(firstPrompt.first?["type"] as? String, "image_url")
        XCTAssertEqual(firstPrompt.last?["text"] as? String, "what is it")
    }

    func testAnOversizedFileIsRefusedNamingItsSizeAndTheLimit() throws {
        let big = try file("big.log", Array(repeating: UInt8(ascii: "a"), count: 1024 * 1024 + 1))
        let result = try cli.run(["ask", "--no-store", "-m", "openai/gpt-4o-mini", "--attach", big, "summarise"])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains(big), result.stderr)
        XCTAssertTrue(result.stderr.contains("1048577 bytes"), result.stderr)
        XCTAssertTrue(result.stderr.contains("over the 1 MB limit for text files"), result.stderr)
        XCTAssertEqual(fixture.recordedRequests().count, 0, "nothing is sent when a file is refused")
    }

    func testAMissingOrUnsupportedFileIsAUsageErrorNamingIt() throws {
        let missing = directory.appendingPathComponent("nowhere.png").path
        let absent = try cli.run(["ask", "--no-store", "-m", "openai/gpt-4o-mini", "--attach", missing, "hi"])
        XCTAssertEqual(absent.status, 2, absent.stderr)
        XCTAssertTrue(absent.stderr.contains(missing), absent.stderr)

        let binary = try file("blob.txt", [0x00, 0x01, 0x02, 0xFE, 0xFF])
        let unsupported = try cli.run(["ask", "--no-store", "-m", "openai/gpt-4o-mini", "--attach", binary, "hi"])
        XCTAssertEqual(unsupported.status, 2, unsupported.stderr)
        XCTAssertTrue(unsupported.stderr.contains(binary) && unsupported.stderr.contains("not a supported file type"),
                      unsupported.stderr)
        XCTAssertEqual(fixture.recordedRequests().count, 0)
    }

    // MARK: - Schema

    static let schema = #"""
        {"type": "object", "properties": {"name": {"type": "string"}, "age": {"type": "integer", "minimum": 0}},
         "required": ["name", "age"], "additionalProperties": false}
        """#

    func testAMatchingReplyExitsZeroAndTheSchemaIsSentByName() throws {
        fixture.update { $0.answer = FixtureAnswer(text: #"{"name": "Ada", "age": 36}"#) }
        let path = try file("person.json", Array(Self.schema.utf8))
        let result = try cli.run(["ask", "--no-store", "-m", "openai/gpt-4o-mini", "--schema", path, "who?"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let format = try XCTUnwrap(try lastBody()["response_format"] as? [String: Any])
        XCTAssertEqual(format["type"] as? String, "json_schema")
        let schema = try XCTUnwrap(format["json_schema"] as? [String: Any])
        XCTAssertEqual(schema["name"] as? String, "person")
        XCTAssertEqual((schema["schema"] as? [String: Any])?["required"] as? [String], ["name", "age"])
    }

    func testAReplyThatDoesNotMatchExitsFourSayingWhere() throws {
        fixture.update { $0.answer = FixtureAnswer(text: #"{"name": "Ada", "age": "old", "extra": 1}"#) }
        let result = try cli.run(["ask", "--no-store", "-m", "openai/gpt-4o-mini", "--schema", Self.schema, "who?"])
        XCTAssertEqual(result.status, 4, result.stderr)
        XCTAssertTrue(result.stdout.contains(#""age": "old""#), "the reply is still printed: \(result.stdout)")
        XCTAssertTrue(result.stderr.contains("does not match the schema \"answer\""), result.stderr)
        XCTAssertTrue(result.stderr.contains("$.age: expected integer, got string"), result.stderr)
        XCTAssertTrue(result.stderr.contains(#"$: property "extra" is not allowed"#), result.stderr)

        fixture.update { $0.answer = FixtureAnswer(text: "Ada, 36") }
        let prose = try cli.run(["ask", "--no-store", "--json", "-m", "openai/gpt-4o-mini", "--schema", Self.schema, "who?"])
        XCTAssertEqual(prose.status, 4, prose.stderr)
        XCTAssertTrue(prose.stderr.contains("the reply is not valid JSON"), prose.stderr)
        XCTAssertEqual(try json(prose.stdout)["complete"] as? Bool, true, "the JSON object is still printed")
    }

    func testASchemaThatIsNotJSONIsAUsageError() throws {
        let result = try cli.run(["ask", "--no-store", "-m", "openai/gpt-4o-mini", "--schema", "{not json", "who?"])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains("--schema: not valid JSON"), result.stderr)
    }

    // MARK: - Reasoning

    func testReasoningIsSentInEachProtocolsWords() throws {
        let openAI = try cli.run(["ask", "--no-store", "-m", "openai/gpt-5-mini", "--reasoning", "high", "think"])
        XCTAssertEqual(openAI.status, 0, openAI.stderr)
        XCTAssertEqual(try lastBody()["reasoning_effort"] as? String, "high")

        let anthropic = try cli.run(["ask", "--no-store", "-m", "anthropic/claude-haiku-4-5", "--max-tokens", "4000",
                                     "--reasoning", "medium", "think"])
        XCTAssertEqual(anthropic.status, 0, anthropic.stderr)
        let thinking = try XCTUnwrap(try lastBody()["thinking"] as? [String: Any])
        XCTAssertEqual(thinking["type"] as? String, "enabled")
        XCTAssertEqual(thinking["budget_tokens"] as? Int, 2000, "medium is half of max_tokens")

        let gemini = try cli.run(["ask", "--no-store", "-m", "google/gemini-2.5-flash", "--reasoning", "off", "think"])
        XCTAssertEqual(gemini.status, 0, gemini.stderr)
        let config = try XCTUnwrap(try lastBody()["generationConfig"] as? [String: Any])
        XCTAssertEqual((config["thinkingConfig"] as? [String: Any])?["thinkingBudget"] as? Int, 0)

        let wrong = try cli.run(["ask", "--no-store", "-m", "openai/gpt-5-mini", "--reasoning", "max", "think"])
        XCTAssertEqual(wrong.status, 2, wrong.stderr)
    }

    // MARK: - Tools

    static let toolsFile = #"""
        [{"type": "function", "function": {"name": "get_weather", "description": "Weather in a city",
          "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}},
         {"name": "now", "description": "The time"}]
        """#

    func testToolsAreOfferedInBothForms() throws {
        let path = try file("tools.json", Array(Self.toolsFile.utf8))
        let result = try cli.run(["ask", "--no-store", "-m", "openai/gpt-4o-mini", "--tools", path, "weather?"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let tools = try XCTUnwrap(try lastBody()["tools"] as? [[String: Any]])
        let functions = tools.compactMap { $0["function"] as? [String: Any] }
        XCTAssertEqual(tools.map { $0["type"] as? String }, ["function", "function"])
        XCTAssertEqual(functions.map { $0["name"] as? String }, ["get_weather", "now"])
        XCTAssertEqual(functions.map { $0["description"] as? String }, ["Weather in a city", "The time"])
        let weather = try XCTUnwrap(functions.first?["parameters"] as? [String: Any])
        XCTAssertEqual(weather["required"] as? [String], ["city"])
        XCTAssertEqual((functions.last?["parameters"] as? [String: Any])?["type"] as? String, "object",
                       "a tool without parameters still gets an object schema")
    }

    func testAMalformedToolsEntryIsAUsageErrorNamingIt() throws {
        let path = try file("tools.json", Array(#"[{"name": "ok"}, {"type": "function", "function": {"description": "x"}}]"#.utf8))
        let result = try cli.run(["ask", "--no-store", "-m", "openai/gpt-4o-mini", "--tools", path, "hi"])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains("--tools \(path): entry 2: missing \"name\""), result.stderr)

        let object = try file("object.json", Array(#"{"name": "ok"}"#.utf8))
        let notArray = try cli.run(["ask", "--no-store", "-m", "openai/gpt-4o-mini", "--tools", object, "hi"])
        XCTAssertEqual(notArray.status, 2, notArray.stderr)
        XCTAssertTrue(notArray.stderr.contains("expected a JSON array"), notArray.stderr)
        XCTAssertEqual(fixture.recordedRequests().count, 0)
    }

    private static var toolOnlyAnswer: FixtureAnswer {
        var answer = FixtureAnswer(chunks: [""], finish: .toolCalls)
        answer.toolCalls = [FixtureToolCall(id: "call_w1", name: "get_weather", argumentChunks: [#"{"ci"#, #"ty": "Par"#, #"is"}"#]),
                            FixtureToolCall(id: "call_n2", name: "now", argumentChunks: [""])]
        answer.reasoning = ["The user wants ", "the weather."]
        return answer
    }

    func testAReplyThatOnlyCallsToolsIsCompleteAndListsTheCalls() throws {
        fixture.update { $0.answer = Self.toolOnlyAnswer }
        let path = try file("tools.json", Array(Self.toolsFile.utf8))
        let result = try cli.run(["ask", "--no-store", "--json", "-m", "openai/gpt-4o-mini", "--tools", path, "weather?"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try json(result.stdout)
        XCTAssertEqual(object["complete"] as? Bool, true)
        XCTAssertEqual(object["finish_reason"] as? String, "tool_calls")
        XCTAssertEqual(object["text"] as? String, "")
        XCTAssertEqual(object["reasoning"] as? String, "The user wants the weather.")
        let calls = try XCTUnwrap(object["tool_calls"] as? [[String: Any]])
        XCTAssertEqual(calls.map { $0["id"] as? String }, ["call_w1", "call_n2"])
        XCTAssertEqual(calls.map { $0["name"] as? String }, ["get_weather", "now"])
        XCTAssertEqual(calls.first?["arguments"] as? [String: String], ["city": "Paris"], "arguments are a JSON object")
        XCTAssertEqual((calls.last?["arguments"] as? [String: Any])?.count, 0, "no arguments is an empty object")

        let text = try cli.run(["ask", "--no-store", "-m", "openai/gpt-4o-mini", "--tools", path, "weather?"])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertEqual(text.stdout, "tool call get_weather (call_w1): {\"city\": \"Paris\"}\ntool call now (call_n2): {}\n")
    }

    func testAToolOnlyReplyIsCompleteOnEveryProtocol() throws {
        fixture.update { $0.answer = Self.toolOnlyAnswer }
        let path = try file("tools.json", Array(Self.toolsFile.utf8))
        for model in ["anthropic/claude-haiku-4-5", "google/gemini-2.5-flash"] {
            let result = try cli.run(["ask", "--no-store", "--json", "-m", model, "--tools", path, "weather?"])
            XCTAssertEqual(result.status, 0, "\(model): \(result.stderr)")
            let object = try json(result.stdout)
            XCTAssertEqual(object["complete"] as? Bool, true, model)
            XCTAssertEqual(object["finish_reason"] as? String, "tool_calls", model)
            let calls = try XCTUnwrap(object["tool_calls"] as? [[String: Any]], model)
            XCTAssertEqual(calls.map { $0["name"] as? String }, ["get_weather", "now"], model)
            XCTAssertEqual(calls.first?["arguments"] as? [String: String], ["city": "Paris"], model)
            XCTAssertTrue(calls.allSatisfy { !(($0["id"] as? String) ?? "").isEmpty }, "every call has an id: \(model)")
        }
    }

    // MARK: - Cost split

    func testJSONSplitsTheCostByKindAndItAddsUpToTheCost() throws {
        fixture.update { $0.answer = FixtureAnswer(text: "hi", usage: Usage(input: 24, output: 36, cacheRead: 8, reasoning: 4)) }
        let result = try cli.run(["ask", "--no-store", "--json", "-m", "openai/gpt-4o-mini", "hello"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try json(result.stdout)
        let split = try XCTUnwrap((object["cost_split"] as? [[String: Any]])?.first, result.stdout)
        XCTAssertTrue(split["tier_above_prompt_tokens"] is NSNull, "base rates: \(split)")
        // gpt-4o-mini: $0.15 in, $0.60 out, $0.075 cached per million; reasoning is billed as output.
        XCTAssertEqual(split["input"] as? String, "0.0000036")
        XCTAssertEqual(split["output"] as? String, "0.0000192")
        XCTAssertEqual(split["reasoning"] as? String, "0.0000024")
        XCTAssertEqual(split["cache_read"] as? String, "0.0000006")
        XCTAssertEqual(split["cache_write"] as? String, "0")
        XCTAssertEqual(split["total"] as? String, object["cost"] as? String)
        XCTAssertEqual(split["total"] as? String, "0.0000258")
    }

    func testALongPromptIsSplitAtItsTiersRates() throws {
        fixture.update { $0.answer = FixtureAnswer(text: "ok", usage: Usage(input: 250_000, output: 1_000)) }
        let result = try cli.run(["ask", "--no-store", "--json", "-m", "google/gemini-2.5-pro", "long"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try json(result.stdout)
        let split = try XCTUnwrap((object["cost_split"] as? [[String: Any]])?.first, result.stdout)
        XCTAssertEqual(split["tier_above_prompt_tokens"] as? Int, 200_000)
        // Above 200k: $2.50 in, $15 out per million, for every token of the request.
        XCTAssertEqual(split["input"] as? String, "0.625")
        XCTAssertEqual(split["output"] as? String, "0.015")
        XCTAssertEqual(split["total"] as? String, "0.64")
        XCTAssertEqual(object["cost"] as? String, "0.64")
    }
}
