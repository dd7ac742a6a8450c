import Foundation
@testable import SwitchboardCore
import XCTest

/// The Messages API beyond text, both ways: every block kind in the request, tools and their settings,
/// thinking, structured output emulated by a tool, cache breakpoints; thinking, redacted thinking and tool input
/// split mid-JSON in the stream.
final class AnthropicContentTests: XCTestCase {
    private let endpoint = ProviderEndpoint(name: "anthropic", wire: .anthropic,
                                            baseURL: URL(fileURLWithPath: "/"), apiKey: "k")
    private static let anthropicOrigin = ReasoningOrigin(wire: .anthropic, provider: "anthropic", model: "claude-sonnet-4-5")

    private func bodyText(_ request: ChatRequest) throws -> String {
        String(decoding: try AnthropicAdapter().makeRequest(request, model: "m", endpoint: endpoint).body, as: UTF8.self)
    }

    private func body(_ request: ChatRequest) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try bodyText(request).utf8)) as? [String: Any])
    }

    private func messages(_ request: ChatRequest) throws -> [[String: Any]] {
        try XCTUnwrap(try body(request)["messages"] as? [[String: Any]])
    }

    /// A request offering a tool: tool blocks in the history need a `tools` list (without one they go as text,
    /// AnthropicToolTextTests).
    private func offeringTools(_ messages: [ChatMessage]) throws -> ChatRequest {
        var request = ChatRequest(messages: messages)
        request.tools = [ToolDefinition(name: "weather", parameters: try JSONText(#"{"type":"object"}"#))]
        return request
    }

    // MARK: - Request: blocks

    func testImagesAndDocumentsBecomeBlocksWithTheirSources() throws {
        let message = ChatMessage(role: .user, parts: [
            .text("What are these?"),
            .image(ImagePart(data: Data([0x89, 0x50, 0x4E, 0x47]), mediaType: "image/png")),
            .image(ImagePart(url: try XCTUnwrap(URL(string: "https://example.com/a.jpg")))),
            .document(DocumentPart(data: Data("%PDF-1.4".utf8), mediaType: "application/pdf", name: "a.pdf")),
            .document(DocumentPart(data: Data("line one".utf8), mediaType: "text/markdown", name: "notes.md")),
            .document(DocumentPart(.url(try XCTUnwrap(URL(string: "https://example.com/b.pdf"))))),
        ])
        let text = try bodyText(ChatRequest(messages: [message]))
        XCTAssertTrue(text.contains(#"{"content":[{"text":"What are these?","type":"text"},"#
            + #"{"source":{"data":"iVBORw==","media_type":"image/png","type":"base64"},"type":"image"},"#
            + #"{"source":{"type":"url","url":"https://example.com/a.jpg"},"type":"image"},"#
            + #"{"source":{"data":"JVBERi0xLjQ=","media_type":"application/pdf","type":"base64"},"title":"a.pdf","type":"document"},"#
            + #"{"source":{"data":"line one","media_type":"text/plain","type":"text"},"title":"notes.md","type":"document"},"#
            + #"{"source":{"type":"url","url":"https://example.com/b.pdf"},"type":"document"}],"role":"user"}"#), text)
    }

    func testAnUnsupportedDocumentTypeIsRefusedInWords() {
        let message = ChatMessage(role: .user, parts: [.document(DocumentPart(data: Data([1]), mediaType: "application/zip"))])
        XCTAssertThrowsError(try bodyText(ChatRequest(messages: [message]))) { error in
            XCTAssertEqual((error as? ProviderError)?.kind, .badRequest)
            XCTAssertTrue((error as? ProviderError)?.message.contains("application/zip") ?? false)
        }
    }

    /// Tool results ride in one user turn, first in it, with the next user words after them; the calls keep
    /// their ids and their input is the arguments object as written.
    func testAToolConversationGoesOutAsToolUseAndToolResultBlocks() throws {
        let history: [ChatMessage] = [
            .user("Weather in Paris and Rome?"),
            ChatMessage(role: .assistant, parts: [
                .text("Checking."),
                .toolCall(ToolCall(id: "call_a", name: "weather", arguments: #"{"city": "Paris"}"#)),
                .toolCall(ToolCall(id: "call_b", name: "weather", arguments: "")),
            ]),
            .toolResult(ToolResult(callID: "call_a", text: "18C")),
            .toolResult(ToolResult(callID: "call_b", text: "no station", isError: true)),
            .user("And tomorrow?"),
        ]
        let text = try bodyText(offeringTools(history))
        XCTAssertTrue(text.contains(#"{"content":[{"text":"Checking.","type":"text"},"#
            + #"{"id":"call_a","input":{"city": "Paris"},"name":"weather","type":"tool_use"},"#
            + #"{"id":"call_b","input":{},"name":"weather","type":"tool_use"}],"role":"assistant"}"#), text)
        XCTAssertTrue(text.contains(#"{"content":[{"content":"18C","tool_use_id":"call_a","type":"tool_result"},"#
            + #"{"content":"no station","is_error":true,"tool_use_id":"call_b","type":"tool_result"},"#
            + #"{"text":"And tomorrow?","type":"text"}],"role":"user"}"#), text)
        XCTAssertEqual(try messages(offeringTools(history)).map { $0["role"] as? String }, ["user", "assistant", "user"])
    }

    func testAToolResultWithAnImageKeepsItsBlocksAndResultsGoFirstInAMergedTurn() throws {
        let result = ToolResult(callID: "call.1", content: [.text("chart"), .image(ImagePart(data: Data([1]), mediaType: "image/png"))])
        let history: [ChatMessage] = [
            .user("Plot it"),
            ChatMessage(role: .assistant, parts: [.toolCall(ToolCall(id: "call.1", name: "plot", arguments: "{}"))]),
            ChatMessage(role: .user, parts: [.text("(also)"), .toolResult(result)]),
        ]
        let turns = try messages(offeringTools(history))
        let last = try XCTUnwrap(turns.last?["content"] as? [[String: Any]])
        XCTAssertEqual(last.map { $0["type"] as? String }, ["tool_result", "text"])
        XCTAssertEqual(last[0]["tool_use_id"] as? String, "call_1", "ids outside [A-Za-z0-9_-] are mapped the same way in call and result")
        XCTAssertEqual((last[0]["content"] as? [[String: Any]])?.map { $0["type"] as? String }, ["text", "image"])
        let call = try XCTUnwrap((turns[1]["content"] as? [[String: Any]])?.first)
        XCTAssertEqual(call["id"] as? String, "call_1")
    }

    func testArgumentsThatAreNotAnObjectAreRefused() throws {
        let history: [ChatMessage] = [.user("x"), ChatMessage(role: .assistant, parts: [.toolCall(ToolCall(id: "c", name: "f", arguments: "[1"))])]
        XCTAssertThrowsError(try bodyText(offeringTools(history))) { error in
            XCTAssertEqual((error as? ProviderError)?.kind, .badRequest)
        }
    }

    /// Anthropic's own thinking goes back unchanged; another vendor's, and unsigned thinking, are dropped and
    /// the notes say so.
    func testOnlyAnthropicsSignedThinkingGoesBackAndTheRestIsReported() throws {
        let history: [ChatMessage] = [
            .user("q1"),
            ChatMessage(role: .assistant, parts: [
                .reasoning(ReasoningPart(text: "mine", signature: "SIG1", origin: Self.anthropicOrigin)),
                .reasoning(ReasoningPart(text: "", redactedData: "ENCRYPTED", origin: Self.anthropicOrigin)),
                .reasoning(ReasoningPart(text: "broken", origin: Self.anthropicOrigin)),
                .text("a1"),
            ]),
            .user("q2"),
            ChatMessage(role: .assistant, parts: [
                .reasoning(ReasoningPart(text: "openai private thoughts", signature: "enc", origin: ReasoningOrigin(wire: .openAICompatible, provider: "openrouter"))),
                .text("a2"),
            ]),
            .user("q3"),
        ]
        let request = ChatRequest(messages: history)
        let text = try bodyText(request)
        XCTAssertTrue(text.contains(#"{"content":[{"signature":"SIG1","thinking":"mine","type":"thinking"},"#
            + #"{"data":"ENCRYPTED","type":"redacted_thinking"},{"text":"a1","type":"text"}],"role":"assistant"}"#), text)
        XCTAssertTrue(text.contains(#"{"content":"a2","role":"assistant"}"#), text)
        XCTAssertFalse(text.contains("private thoughts"))
        XCTAssertFalse(text.contains("broken"))
        XCTAssertEqual(AnthropicAdapter.historyNotes(for: request), [
            "1 thinking block from openrouter dropped: Anthropic accepts only its own signed thinking",
            "1 unsigned Anthropic thinking block dropped: the API needs the signature back",
        ])
        XCTAssertEqual(AnthropicAdapter.historyNotes(for: ChatRequest(messages: [.user("hi")])), [])
    }

    // MARK: - Request: options

    func testToolsChoiceAndParallelCalls() throws {
        let schema = try JSONText(#"{"type":"object","properties":{"city":{"type":"string"}}}"#)
        var request = ChatRequest(messages: [.user("hi")])
        request.tools = [ToolDefinition(name: "weather", description: "Current weather", parameters: schema)]
        request.toolChoice = .required
        request.parallelToolCalls = false
        var text = try bodyText(request)
        XCTAssertTrue(text.contains(#""tools":[{"description":"Current weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}}},"name":"weather"}]"#), text)
        XCTAssertTrue(text.contains(#""tool_choice":{"disable_parallel_tool_use":true,"type":"any"}"#), text)

        let choices: [(ToolChoice?, String?)] = [(.auto, #"{"type":"auto"}"#), (ToolChoice.none, #"{"type":"none"}"#),
                                                 (.tool("weather"), #"{"name":"weather","type":"tool"}"#), (nil, nil)]
        request.parallelToolCalls = nil
        for (choice, expected) in choices {
            request.toolChoice = choice
            text = try bodyText(request)
            if let expected {
                XCTAssertTrue(text.contains(#""tool_choice":"# + expected), text)
            } else {
                XCTAssertFalse(text.contains("tool_choice"), text)
            }
        }
    }

    func testThinkingBudgetFromEffortOrTokensAndNoTemperatureWithIt() throws {
        var request = ChatRequest(messages: [.user("hi")], maxTokens: 10_000, temperature: 0.7)
        request.reasoning = .effort(.high)
        request.topP = 0.5
        var json = try body(request)
        XCTAssertEqual(json["thinking"] as? NSDictionary, ["type": "enabled", "budget_tokens": 8000] as NSDictionary)
        XCTAssertEqual(json["max_tokens"] as? Int, 10_000)
        XCTAssertNil(json["temperature"], "the API refuses temperature with thinking")
        XCTAssertNil(json["top_p"], "nor a top_p below 0.95")

        request.reasoning = .effort(.low)
        XCTAssertEqual((try body(request)["thinking"] as? [String: Any])?["budget_tokens"] as? Int, 2000)

        // A budget that would leave no room for the answer raises max_tokens by the answer length.
        request = ChatRequest(messages: [.user("hi")], maxTokens: 512)
        request.reasoning = .budget(tokens: 3000)
        json = try body(request)
        XCTAssertEqual((json["thinking"] as? [String: Any])?["budget_tokens"] as? Int, 3000)
        XCTAssertEqual(json["max_tokens"] as? Int, 3512)

        request.reasoning = .off
        request.temperature = 0.2
        json = try body(request)
        XCTAssertNil(json["thinking"])
        XCTAssertEqual(json["temperature"] as? Double, 0.2)
    }

    /// The API refuses thinking when the last assistant message made tool calls without a thinking block first.
    func testThinkingIsNotAskedForWhenTheCallsBeingAnsweredWereMadeWithoutIt() throws {
        let call = ContentPart.toolCall(ToolCall(id: "c", name: "f", arguments: "{}"))
        let signed = ContentPart.reasoning(ReasoningPart(text: "t", signature: "S", origin: Self.anthropicOrigin))
        let foreign = ContentPart.reasoning(ReasoningPart(text: "t", origin: ReasoningOrigin(wire: .openAIChat, provider: "openai")))
        for (parts, thinks) in [([call], false), ([foreign, call], false), ([signed, call], true), ([ContentPart.text("plain")], true)] {
            var request = try offeringTools([.user("q"), ChatMessage(role: .assistant, parts: parts),
                                             .toolResult(ToolResult(callID: "c", text: "ok"))])
            request.reasoning = .effort(.medium)
            XCTAssertEqual(try body(request)["thinking"] != nil, thinks, "\(parts)")
            XCTAssertEqual(AnthropicAdapter.historyNotes(for: request).contains { $0.hasPrefix("thinking off") }, !thinks, "\(parts)")
        }
    }

    func testStopSequencesAndTopPAndNoSeed() throws {
        var request = ChatRequest(messages: [.user("hi")])
        request.stopSequences = ["END", "STOP"]
        request.topP = 0.9
        request.seed = 7
        let json = try body(request)
        XCTAssertEqual(json["stop_sequences"] as? [String], ["END", "STOP"])
        XCTAssertEqual(json["top_p"] as? Double, 0.9)
        XCTAssertNil(json["seed"], "the Messages API has no seed")
    }

    /// JSON Schema output is asked for as a forced tool whose input schema is the schema; thinking is not sent
    /// with a forced tool (the API refuses the pair).
    func testAJSONSchemaBecomesAForcedResponseTool() throws {
        let schema = try JSONText(#"{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"]}"#)
        var request = ChatRequest(messages: [.user("count")])
        request.responseFormat = .jsonSchema(name: "count", schema: schema, strict: true)
        request.reasoning = .effort(.medium)
        var json = try body(request)
        let tools = try XCTUnwrap(json["tools"] as? [[String: Any]])
        XCTAssertEqual(tools.map { $0["name"] as? String }, [AnthropicRequestBody.responseToolName])
        XCTAssertEqual((tools[0]["input_schema"] as? [String: Any])?["required"] as? [String], ["n"])
        XCTAssertEqual(json["tool_choice"] as? [String: String], ["type": "tool", "name": AnthropicRequestBody.responseToolName])
        XCTAssertNil(json["thinking"])

        // With the caller's tools offered too, the model must call one of them or answer through the response tool.
        request.tools = [ToolDefinition(name: "lookup", parameters: try JSONText(#"{"type":"object"}"#))]
        json = try body(request)
        XCTAssertEqual((json["tools"] as? [[String: Any]])?.map { $0["name"] as? String }, ["lookup", AnthropicRequestBody.responseToolName])
        XCTAssertEqual(json["tool_choice"] as? [String: String], ["type": "any"])

        request = ChatRequest(messages: [.user("count")])
        request.responseFormat = .jsonObject
        let object = try XCTUnwrap((try body(request)["tools"] as? [[String: Any]])?.first?["input_schema"] as? [String: String])
        XCTAssertEqual(object, ["type": "object"])
    }

    // MARK: - Request: prompt caching

    private static let longText = String(repeating: "The quick brown fox jumps over the lazy dog. ", count: 120)

    /// Tools, the system prompt and the conversation as it stood last turn get breakpoints when long enough.
    func testBreakpointsOnToolsSystemAndTheStablePrefix() throws {
        let schema = try JSONText(#"{"type":"object","description":"\#(Self.longText)"}"#)
        var request = ChatRequest(messages: [
            .system(Self.longText), .user("first " + Self.longText), .assistant("answer one"), .user("second"),
        ])
        request.tools = [ToolDefinition(name: "a", parameters: try JSONText(#"{"type":"object"}"#)),
                         ToolDefinition(name: "b", parameters: schema)]
        let json = try body(request)
        let tools = try XCTUnwrap(json["tools"] as? [[String: Any]])
        XCTAssertNil(tools[0]["cache_control"])
        XCTAssertEqual(tools[1]["cache_control"] as? [String: String], ["type": "ephemeral"])
        let system = try XCTUnwrap(json["system"] as? [[String: Any]])
        XCTAssertEqual(system.first?["cache_control"] as? [String: String], ["type": "ephemeral"])
        XCTAssertEqual(system.first?["text"] as? String, Self.longText)
        let messages = try XCTUnwrap(json["messages"] as? [[String: Any]])
        let prefixEnd = try XCTUnwrap(messages[1]["content"] as? [[String: Any]])
        XCTAssertEqual(prefixEnd.last?["cache_control"] as? [String: String], ["type": "ephemeral"])
        XCTAssertEqual(prefixEnd.last?["text"] as? String, "answer one")
        XCTAssertEqual(messages[2]["content"] as? String, "second", "the newest turn is not marked")
        XCTAssertTrue(messages[0]["content"] is String)
        let text = try bodyText(request)
        XCTAssertEqual(text.components(separatedBy: "cache_control").count - 1, 3, "at most four breakpoints")
    }

    func testAShortRequestOrCachingOffSendsNoBreakpoints() throws {
        let short = ChatRequest(messages: [.system("Be terse."), .user("hi"), .assistant("hello"), .user("bye")])
        XCTAssertFalse(try bodyText(short).contains("cache_control"))

        var long = ChatRequest(messages: [.system(Self.longText), .user(Self.longText), .assistant("a"), .user("b")])
        XCTAssertTrue(try bodyText(long).contains("cache_control"))
        long.options.caching = false
        let text = try bodyText(long)
        XCTAssertFalse(text.contains("cache_control"), text)
        XCTAssertTrue(text.contains(#""system":"The quick"#), "the system prompt stays a string")
    }

    /// `[caching] auto = false` reaches the adapter on the endpoint.
    func testAnEndpointWithCachingOffSendsNoBreakpoints() throws {
        let long = ChatRequest(messages: [.system(Self.longText), .user(Self.longText), .assistant("a"), .user("b")])
        var off = endpoint
        off.promptCaching = false
        let text = String(decoding: try AnthropicAdapter().makeRequest(long, model: "m", endpoint: off).body, as: UTF8.self)
        XCTAssertFalse(text.contains("cache_control"), text)
        XCTAssertTrue(try bodyText(long).contains("cache_control"))
    }

    func testThePrefixMarkSkipsTrailingThinking() throws {
        let history: [ChatMessage] = [
            .user(Self.longText),
            ChatMessage(role: .assistant, parts: [.text("a"), .reasoning(ReasoningPart(text: "t", signature: "S", origin: Self.anthropicOrigin))]),
            .user("b"),
        ]
        let messages = try messages(ChatRequest(messages: history))
        let blocks = try XCTUnwrap(messages[1]["content"] as? [[String: Any]])
        XCTAssertEqual(blocks.map { $0["cache_control"] != nil }, [true, false], "thinking blocks cannot carry a breakpoint")
    }

    // MARK: - Stream

    private static let toolStream = """
        event: message_start
        data: {"type":"message_start","message":{"model":"claude-sonnet-4-5","usage":{"input_tokens":10,"cache_creation_input_tokens":300,"cache_read_input_tokens":2000,"cache_creation":{"ephemeral_5m_input_tokens":100,"ephemeral_1h_input_tokens":200},"output_tokens":1}}}

        event: content_block_start
        data: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Two "}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"cities."}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCkgIARABGAIiQ"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":0}

        event: content_block_start
        data: {"type":"content_block_start","index":1,"content_block":{"type":"redacted_thinking","data":"EmwKAhgBEgy3va"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":1}

        event: content_block_start
        data: {"type":"content_block_start","index":2,"content_block":{"type":"text","text":""}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":2,"delta":{"type":"text_delta","text":"Checking."}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":2}

        event: content_block_start
        data: {"type":"content_block_start","index":3,"content_block":{"type":"tool_use","id":"toolu_01A","name":"weather","input":{}}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":3,"delta":{"type":"input_json_delta","partial_json":""}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":3,"delta":{"type":"input_json_delta","partial_json":"{\\"ci"}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":3,"delta":{"type":"input_json_delta","partial_json":"ty\\": \\"Pa\\\\u00"}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":3,"delta":{"type":"input_json_delta","partial_json":"e9\\"}"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":3}

        event: content_block_start
        data: {"type":"content_block_start","index":4,"content_block":{"type":"tool_use","id":"toolu_01B","name":"weather","input":{}}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":4,"delta":{"type":"input_json_delta","partial_json":"{\\"city\\": \\"Rome\\"}"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":4}

        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":90}}

        event: message_stop
        data: {"type":"message_stop"}


        """

    private func run(_ stream: String, fastScan: Bool = true, byteByByte: Bool = false) throws -> [StreamEvent] {
        let decoder = AnthropicStreamDecoder(provider: "anthropic", fastScan: fastScan)
        let bytes = Array(stream.utf8)
        var events: [StreamEvent] = []
        for chunk in byteByByte ? bytes.map({ [$0] }) : [bytes] { events += try decoder.consume(chunk) }
        return events + (try decoder.finish())
    }

    func testThinkingRedactedThinkingTextAndTwoToolCallsSplitMidJSON() throws {
        let events = try run(Self.toolStream)
        var parts = StreamedParts()
        var text = ""
        for event in events {
            switch event {
            case .reasoning(let delta): parts.add(delta)
            case .toolCall(let delta): parts.add(delta)
            case .text(let piece): text += piece
            default: break
            }
        }
        XCTAssertEqual(text, "Checking.")
        XCTAssertEqual(parts.toolCalls, [ToolCall(id: "toolu_01A", name: "weather", arguments: #"{"city": "Pa\u00e9"}"#),
                                         ToolCall(id: "toolu_01B", name: "weather", arguments: #"{"city": "Rome"}"#)])
        XCTAssertEqual(parts.reasoning, [ReasoningPart(text: "Two cities.", signature: "EqQBCkgIARABGAIiQ"),
                                         ReasoningPart(text: "", redactedData: "EmwKAhgBEgy3va")])
        XCTAssertEqual(events.last, .finished(reason: "tool_calls"), "tool_use is reported as tool_calls")
        let usage = events.compactMap { if case .usage(let usage) = $0 { usage } else { nil } }.last
        XCTAssertEqual(usage, Usage(input: 10, output: 90, cacheRead: 2000, cacheWrite: 100, cacheWrite1h: 200))
    }

    func testTheScanAndFoundationAgreeWholeAndByteByByte() throws {
        let fast = try run(Self.toolStream)
        XCTAssertEqual(try run(Self.toolStream, fastScan: false), fast)
        XCTAssertEqual(try run(Self.toolStream, byteByByte: true), fast)
        for line in Self.toolStream.split(separator: "\n") where line.hasPrefix("data: ") {
            let data = String(line.dropFirst(6))
            XCTAssertNoThrow(try AnthropicStreamDecoder.Wire.Event.scan(data, eventName: nil), "the fast scan reads \(data)")
        }
    }

    /// The structured answer arrives as the response tool's input: it is answer text, and the reply ends as an
    /// ordinary answer.
    func testTheResponseToolsInputIsTheAnswerText() throws {
        let name = AnthropicRequestBody.responseToolName
        let stream = """
            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_1","name":"\(name)","input":{}}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\\"n\\": "}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"3}"}}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"tool_use"}}

            event: message_stop
            data: {"type":"message_stop"}


            """
        XCTAssertEqual(try run(stream), [.text(#"{"n": "#), .text("3}"), .finished(reason: "end_turn")])
    }
}
