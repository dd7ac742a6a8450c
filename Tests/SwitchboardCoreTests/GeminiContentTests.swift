import XCTest
@testable import SwitchboardCore

/// Gemini both ways with content: every part kind in the request body, tools and their schema rewrite, output
/// format, thinking, and the stream's thoughts, signatures and function calls.
final class GeminiContentTests: XCTestCase {
    private let adapter = GeminiAdapter()
    private let endpoint = ProviderEndpoint(name: "gemini", wire: .gemini,
                                            baseURL: URL(string: "https://generativelanguage.googleapis.com")!, apiKey: "k")
    private let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])

    private func body(_ request: ChatRequest, model: String = "gemini-2.5-flash") throws -> [String: Any] {
        let http = try adapter.makeRequest(request, model: model, endpoint: endpoint)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(http.body)) as? [String: Any])
    }

    private func contents(_ body: [String: Any]) throws -> [[String: Any]] {
        try XCTUnwrap(body["contents"] as? [[String: Any]])
    }

    private func parts(_ content: [String: Any]) -> [[String: Any]] {
        content["parts"] as? [[String: Any]] ?? []
    }

    private static let geminiOrigin = ReasoningOrigin(wire: .gemini, provider: "gemini", model: "gemini-2.5-flash")
    private static let anthropicOrigin = ReasoningOrigin(wire: .anthropic, provider: "anthropic")

    // MARK: - Request parts

    func testImagesAndPDFsGoInlineAndURLsAsFileDataAndTextFilesAsText() throws {
        let pdf = Data("%PDF-1.7".utf8)
        let message = ChatMessage(role: .user, parts: [
            .text("Compare these."),
            .image(ImagePart(data: png, mediaType: "image/png")),
            .image(ImagePart(url: try XCTUnwrap(URL(string: "https://example.com/cat.JPG")))),
            .document(DocumentPart(data: pdf, mediaType: "application/pdf", name: "spec.pdf")),
            .document(DocumentPart(data: Data("a,b".utf8), mediaType: "text/csv", name: "t.csv")),
        ])
        let sent = parts(try contents(try body(ChatRequest(messages: [message])))[0])
        XCTAssertEqual(sent.count, 5)
        XCTAssertEqual(sent[0]["text"] as? String, "Compare these.")
        XCTAssertEqual(sent[1]["inlineData"] as? [String: String], ["mimeType": "image/png", "data": "iVBORw0KGgo="])
        XCTAssertEqual(sent[2]["fileData"] as? [String: String],
                       ["fileUri": "https://example.com/cat.JPG", "mimeType": "image/jpeg"])
        XCTAssertEqual(sent[3]["inlineData"] as? [String: String],
                       ["mimeType": "application/pdf", "data": pdf.base64EncodedString()])
        XCTAssertEqual(sent[4]["text"] as? String, "t.csv:\na,b")
    }

    func testCallsResultsAndOwnThinkingGoBackAndResultsAreMatchedByName() throws {
        let calls = [ToolCall(id: "call_1", name: "weather", arguments: #"{"city":"Paris"}"#, signature: "c2ln"),
                     ToolCall(id: "call_2", name: "time", arguments: "not json")]
        let reply = ChatMessage(role: .assistant, parts: [
            .reasoning(ReasoningPart(text: "Two lookups.", signature: "dGhvdWdodA==", origin: Self.geminiOrigin)),
            .text("Checking."),
        ] + calls.map(ContentPart.toolCall))
        let messages: [ChatMessage] = [
            .user("Weather and time in Paris?"), reply,
            .toolResult(ToolResult(callID: "call_1", text: #"{"temp":18}"#)),
            .toolResult(ToolResult(callID: "call_2", text: "offline", isError: true)),
            .toolResult(ToolResult(callID: "x", text: "12:00", name: "clock")),
        ]
        let turns = try contents(try body(ChatRequest(messages: messages)))
        XCTAssertEqual(turns.map { $0["role"] as? String }, ["user", "model", "user"])

        let model = parts(turns[1])
        XCTAssertEqual(model[0]["text"] as? String, "Two lookups.")
        XCTAssertEqual(model[0]["thought"] as? Bool, true)
        XCTAssertEqual(model[0]["thoughtSignature"] as? String, "dGhvdWdodA==")
        XCTAssertEqual(model[1]["text"] as? String, "Checking.")
        let first = try XCTUnwrap(model[2]["functionCall"] as? [String: Any])
        XCTAssertEqual(first["name"] as? String, "weather")
        XCTAssertEqual(first["args"] as? [String: String], ["city": "Paris"])
        XCTAssertNil(first["id"], "Gemini matches by name: ids are not sent")
        XCTAssertEqual(model[2]["thoughtSignature"] as? String, "c2ln")
        XCTAssertEqual((model[3]["functionCall"] as? [String: Any])?["args"] as? [String: String], [:],
                       "arguments that are not an object go as an empty object")
        XCTAssertNil(model[3]["thoughtSignature"])

        let results = parts(turns[2]).compactMap { $0["functionResponse"] as? [String: Any] }
        XCTAssertEqual(results.map { $0["name"] as? String }, ["weather", "time", "clock"])
        XCTAssertEqual(results[0]["response"] as? [String: Int], ["temp": 18])
        XCTAssertEqual(results[1]["response"] as? [String: String], ["error": "offline"])
        XCTAssertEqual(results[2]["response"] as? [String: String], ["output": "12:00"])
    }

    func testAResultForACallNotInTheConversationIsABadRequest() {
        let messages: [ChatMessage] = [.user("Hi"), .toolResult(ToolResult(callID: "ghost", text: "1"))]
        XCTAssertThrowsError(try body(ChatRequest(messages: messages))) { error in
            XCTAssertEqual((error as? ProviderError)?.kind, .badRequest)
        }
    }

    func testAnotherVendorsThinkingIsDroppedAndCounted() throws {
        let reply = ChatMessage(role: .assistant, parts: [
            .reasoning(ReasoningPart(text: "Claude's thoughts", signature: "anthropic-sig", origin: Self.anthropicOrigin)),
            .reasoning(ReasoningPart(text: "", redactedData: "opaque", origin: Self.anthropicOrigin)),
            .reasoning(ReasoningPart(text: "mine", signature: "g", origin: Self.geminiOrigin)),
            .reasoning(ReasoningPart(text: "", origin: Self.geminiOrigin)),
            .text("Answer."),
        ])
        let messages: [ChatMessage] = [.user("Q"), reply, .user("More")]
        let model = parts(try contents(try body(ChatRequest(messages: messages)))[1])
        XCTAssertEqual(model.map { $0["text"] as? String }, ["mine", "Answer."], "an empty unsigned block is not sent")
        XCTAssertFalse(String(decoding: try adapter.makeRequest(ChatRequest(messages: messages), model: "m", endpoint: endpoint).body,
                              as: UTF8.self).contains("Claude"))
        XCTAssertEqual(GeminiAdapter.historyNotes(for: ChatRequest(messages: messages)),
                       ["2 thinking blocks from anthropic dropped: Gemini accepts only its own thinking back"])
        XCTAssertEqual(GeminiAdapter.historyNotes(for: ChatRequest(messages: [.user("Q"), .assistant("A")])), [])
    }

    func testGemini3SignsTheFirstCallOfAForeignTurnWithTheDocumentedDummy() throws {
        let reply = ChatMessage(role: .assistant, parts: [
            .toolCall(ToolCall(id: "call_a", name: "f", arguments: "{}")),
            .toolCall(ToolCall(id: "call_b", name: "g", arguments: "{}")),
        ])
        let messages: [ChatMessage] = [.user("Q"), reply, .toolResult(ToolResult(callID: "call_a", text: "1")),
                                       .toolResult(ToolResult(callID: "call_b", text: "2"))]
        let three = parts(try contents(try body(ChatRequest(messages: messages), model: "gemini-3-pro-preview"))[1])
        XCTAssertEqual(three.map { $0["thoughtSignature"] as? String }, [GeminiContents.foreignCallSignature, nil])
        let two = parts(try contents(try body(ChatRequest(messages: messages), model: "gemini-2.5-pro"))[1])
        XCTAssertEqual(two.map { $0["thoughtSignature"] as? String }, [nil, nil], "2.5 does not validate: nothing invented")
    }

    // MARK: - Tools, output and generation settings

    func testToolsWithTheirSchemaRewrittenAndToolConfig() throws {
        let schema = try JSONText(#"""
        {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","additionalProperties":false,
         "properties":{"city":{"type":"string","format":"uri","minLength":1},
                       "unit":{"type":["string","null"],"enum":["C","F"]},
                       "when":{"$ref":"#/$defs/When"},
                       "kind":{"const":"now"},
                       "n":{"type":"integer","enum":[1,2],"exclusiveMinimum":0}},
         "required":["city","ghost"],
         "$defs":{"When":{"type":"string","format":"date-time","description":"ISO"}}}
        """#)
        let tools = [ToolDefinition(name: "weather", description: "Current weather", parameters: schema),
                     ToolDefinition(name: "ping", parameters: try JSONText(#"{"type":"object","properties":{}}"#)),
                     ToolDefinition(name: "now", parameters: try JSONText(#"{"$schema":"x","additionalProperties":false}"#))]
        let request = ChatRequest(messages: [.user("Hi")], options: ChatOptions(tools: tools, toolChoice: .tool("weather"),
                                                                                  parallelToolCalls: false))
        let sent = try body(request)
        let declarations = try XCTUnwrap((sent["tools"] as? [[String: Any]])?.first?["functionDeclarations"] as? [[String: Any]])
        XCTAssertEqual(declarations.map { $0["name"] as? String }, ["weather", "ping", "now"])
        XCTAssertEqual(declarations[0]["description"] as? String, "Current weather")
        XCTAssertNil(declarations[1]["parameters"], "Gemini rejects an object schema with no properties")
        XCTAssertNil(declarations[2]["parameters"], "nothing is left of a schema without properties")
        let parameters = try XCTUnwrap(declarations[0]["parameters"] as? [String: Any])
        XCTAssertEqual(Set(parameters.keys), ["type", "properties", "required"])
        XCTAssertEqual(parameters["required"] as? [String], ["city"])
        let properties = try XCTUnwrap(parameters["properties"] as? [String: [String: Any]])
        XCTAssertEqual(properties["city"]?["type"] as? String, "string")
        XCTAssertEqual(properties["city"]?["minLength"] as? Int, 1)
        XCTAssertNil(properties["city"]?["format"])
        XCTAssertEqual(properties["unit"]?["type"] as? String, "string")
        XCTAssertEqual(properties["unit"]?["nullable"] as? Bool, true)
        XCTAssertEqual(properties["unit"]?["enum"] as? [String], ["C", "F"])
        XCTAssertEqual(properties["when"]?["format"] as? String, "date-time")
        XCTAssertEqual(properties["when"]?["description"] as? String, "ISO")
        XCTAssertEqual(properties["kind"]?["enum"] as? [String], ["now"])
        XCTAssertEqual(properties["n"].map { Set($0.keys) }, ["type"])
        let calling = (sent["toolConfig"] as? [String: Any])?["functionCallingConfig"] as? [String: Any]
        XCTAssertEqual(calling?["mode"] as? String, "ANY")
        XCTAssertEqual(calling?["allowedFunctionNames"] as? [String], ["weather"])
        XCTAssertFalse(String(decoding: try adapter.makeRequest(request, model: "m", endpoint: endpoint).body, as: UTF8.self)
            .contains("parallel"), "Gemini has no parallel-calls switch")
    }

    func testToolChoiceModes() throws {
        let tool = ToolDefinition(name: "f", parameters: try JSONText(#"{"type":"object","properties":{"a":{"type":"string"}}}"#))
        for (choice, mode) in [(ToolChoice.auto, "AUTO"), (.none, "NONE"), (.required, "ANY")] {
            let sent = try body(ChatRequest(messages: [.user("Hi")], options: ChatOptions(tools: [tool], toolChoice: choice)))
            XCTAssertEqual((sent["toolConfig"] as? [String: [String: String]])?["functionCallingConfig"], ["mode": mode])
        }
    }

    func testStructuredOutputSamplingAndThinking() throws {
        let schema = try JSONText(#"{"type":"object","properties":{"answer":{"type":"string"}},"required":["answer"],"additionalProperties":false}"#)
        let options = ChatOptions(responseFormat: .jsonSchema(name: "reply", schema: schema, strict: true),
                                  reasoning: .effort(.medium), stopSequences: ["END"], topP: 0.9, seed: 7)
        let config = try XCTUnwrap(try body(ChatRequest(messages: [.user("Hi")], maxTokens: 4000, temperature: 0.5,
                                                        options: options))["generationConfig"] as? [String: Any])
        XCTAssertEqual(config["responseMimeType"] as? String, "application/json")
        XCTAssertEqual(config["responseSchema"] as? NSDictionary,
                       ["type": "object", "properties": ["answer": ["type": "string"]], "required": ["answer"]])
        XCTAssertEqual(config["stopSequences"] as? [String], ["END"])
        XCTAssertEqual(config["topP"] as? Double, 0.9)
        XCTAssertEqual(config["seed"] as? Int, 7)
        XCTAssertEqual(config["maxOutputTokens"] as? Int, 4000)
        XCTAssertEqual(config["temperature"] as? Double, 0.5)
        XCTAssertEqual(config["thinkingConfig"] as? NSDictionary, ["includeThoughts": true, "thinkingBudget": 2000])
    }

    func testReasoningSettingsAsThinkingConfig() throws {
        func thinking(_ setting: ReasoningSetting, maxTokens: Int? = nil) throws -> NSDictionary? {
            let sent = try body(ChatRequest(messages: [.user("Hi")], maxTokens: maxTokens, options: ChatOptions(reasoning: setting)))
            return (sent["generationConfig"] as? [String: Any])?["thinkingConfig"] as? NSDictionary
        }
        XCTAssertEqual(try thinking(.off), ["thinkingBudget": 0])
        XCTAssertEqual(try thinking(.budget(tokens: 3000)), ["includeThoughts": true, "thinkingBudget": 3000])
        XCTAssertEqual(try thinking(.effort(.high)), ["includeThoughts": true, "thinkingBudget": 24_576])
        XCTAssertEqual(try thinking(.effort(.low), maxTokens: 1000), ["includeThoughts": true, "thinkingBudget": 1024])
        let json = try body(ChatRequest(messages: [.user("Hi")], options: ChatOptions(responseFormat: .jsonObject)))
        XCTAssertEqual(json["generationConfig"] as? [String: String], ["responseMimeType": "application/json"])
    }

    // MARK: - Stream

    private static let toolStream = """
        data: {"candidates": [{"content": {"parts": [{"text": "Two cities", "thought": true}],"role": "model"},"index": 0}],"modelVersion": "gemini-2.5-pro","responseId": "resp-7"}\r
        \r
        data: {"candidates": [{"content": {"parts": [{"text": ", two calls.", "thought": true, "thoughtSignature": "VGhvdWdodA=="}],"role": "model"},"index": 0}],"modelVersion": "gemini-2.5-pro","responseId": "resp-7"}\r
        \r
        data: {"candidates": [{"content": {"parts": [{"text": "Checking."}],"role": "model"},"index": 0}],"modelVersion": "gemini-2.5-pro","responseId": "resp-7"}\r
        \r
        data: {"candidates": [{"content": {"parts": [{"functionCall": {"name": "weather","args": {"city": "Paris","days": 2,"deg": 1.5,"ok": true}},"thoughtSignature": "Q2FsbA=="},{"functionCall": {"name": "weather","args": {"city": "Rome"}}}],"role": "model"},"finishReason": "STOP","index": 0}],"usageMetadata": {"promptTokenCount": 120,"candidatesTokenCount": 30,"thoughtsTokenCount": 50,"cachedContentTokenCount": 100,"totalTokenCount": 200},"modelVersion": "gemini-2.5-pro","responseId": "resp-7"}\r
        \r

        """

    private func decode(_ stream: String, fastScan: Bool = true, byByte: Bool = false) throws -> [StreamEvent] {
        let decoder = GeminiStreamDecoder(provider: "gemini", fastScan: fastScan)
        let bytes = Array(stream.utf8)
        var events: [StreamEvent] = []
        for chunk in byByte ? bytes.map({ [$0] }) : [bytes] { events += try decoder.consume(chunk) }
        return events + (try decoder.finish())
    }

    func testThoughtsSignaturesAndSeveralWholeCallsInOneChunk() throws {
        let events = try decode(Self.toolStream)
        XCTAssertEqual(events.filter { if case .reasoning = $0 { true } else { false } }, [
            .reasoning(ReasoningDelta(text: "Two cities")),
            .reasoning(ReasoningDelta(text: ", two calls.", signature: "VGhvdWdodA==")),
        ])
        XCTAssertEqual(events.filter { if case .text = $0 { true } else { false } }, [.text("Checking.")])
        XCTAssertEqual(events.filter { if case .toolCall = $0 { true } else { false } }, [
            .toolCall(ToolCallDelta(index: 0, id: "call_resp-7_0", name: "weather",
                                    arguments: #"{"city":"Paris","days":2,"deg":1.5,"ok":true}"#, signature: "Q2FsbA==")),
            .toolCall(ToolCallDelta(index: 1, id: "call_resp-7_1", name: "weather", arguments: #"{"city":"Rome"}"#)),
        ])
        XCTAssertEqual(events.last, .finished(reason: "tool_calls"), "a STOP after calls is the tool-calls finish")
        XCTAssertTrue(events.contains(.usage(Usage(input: 20, output: 80, cacheRead: 100, reasoning: 50))))
        XCTAssertEqual(try decode(Self.toolStream, byByte: true), events)
        XCTAssertEqual(try decode(Self.toolStream, fastScan: false), events, "the fast scan agrees with Foundation")
    }

    func testASignedTextPartKeepsItsSignatureAsReasoningAndAPlainStopStaysStop() throws {
        let stream = """
            data: {"candidates": [{"content": {"parts": [{"text": "Hi"},{"text": "", "thoughtSignature": "U2ln"},{"inlineData": {"mimeType": "image/png","data": "iVBORw0KGgo="}}],"role": "model"},"finishReason": "STOP","index": 0}],"responseId": "r"}\r
            \r

            """
        let events = try decode(stream)
        XCTAssertEqual(events, [.text("Hi"), .reasoning(ReasoningDelta(signature: "U2ln")), .finished(reason: "STOP")])
        XCTAssertEqual(try decode(stream, fastScan: false), events)
    }

    func testCallIDsAreUniqueWithoutAResponseIDAndACallWithoutArgsHasAnEmptyObject() throws {
        let chunk = #"data: {"candidates": [{"content": {"parts": [{"functionCall": {"name": "f"}}]},"finishReason": "STOP"}]}"# + "\r\n\r\n"
        func call() throws -> ToolCallDelta? {
            try decode(chunk).lazy.compactMap { if case .toolCall(let delta) = $0 { delta } else { nil } }.first
        }
        let first = try XCTUnwrap(try call())
        XCTAssertEqual(first.arguments, "{}")
        XCTAssertEqual(first.name, "f")
        let id = try XCTUnwrap(first.id)
        XCTAssertTrue(id.hasPrefix("call_") && id.hasSuffix("_0"), id)
        XCTAssertNotEqual(id, try call()?.id, "two replies without response ids must not share call ids")
    }

    func testAMalformedFunctionCallIsAMalformedReplyNotAnAnswer() {
        let stream = #"data: {"candidates": [{"content": {"parts": [{"text": "Let me"}]},"finishReason": "MALFORMED_FUNCTION_CALL"}]}"# + "\r\n\r\n"
        XCTAssertThrowsError(try decode(stream)) { error in
            XCTAssertEqual((error as? ProviderError)?.kind, .malformed)
        }
    }
}
