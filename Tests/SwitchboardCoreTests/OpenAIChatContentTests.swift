import Foundation
@testable import SwitchboardCore
import XCTest

/// Chat Completions beyond text, both ways: attachments, tool calls and results, tools and their settings,
/// structured output and reasoning in the request; thinking and tool-call pieces in the stream.
final class OpenAIChatContentTests: XCTestCase {
    private func endpoint(_ quirks: WireQuirks = WireQuirks(maxTokensField: "max_completion_tokens", reasoningOffEffort: "minimal"),
                          wire: WireProtocol = .openAIChat) -> ProviderEndpoint {
        ProviderEndpoint(name: "openai", wire: wire, baseURL: URL(fileURLWithPath: "/v1"), apiKey: "k", quirks: quirks)
    }

    private func body(_ request: ChatRequest, _ endpoint: ProviderEndpoint? = nil) throws -> [String: Any] {
        let http = try OpenAIChatAdapter().makeRequest(request, model: "m", endpoint: endpoint ?? self.endpoint())
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(http.body)) as? [String: Any])
    }

    private func bodyText(_ request: ChatRequest, _ endpoint: ProviderEndpoint? = nil) throws -> String {
        let http = try OpenAIChatAdapter().makeRequest(request, model: "m", endpoint: endpoint ?? self.endpoint())
        return String(decoding: http.body, as: UTF8.self)
    }

    // MARK: - Request

    func testAToolConversationGoesOutInChatsShape() throws {
        let history: [ChatMessage] = [
            .user("Weather in Paris and Rome?"),
            ChatMessage(role: .assistant, parts: [
                .reasoning(ReasoningPart(text: "two cities", origin: ReasoningOrigin(wire: .openAICompatible, provider: "deepseek"))),
                .toolCall(ToolCall(id: "call_a", name: "weather", arguments: #"{"city":"Paris"}"#)),
                .toolCall(ToolCall(id: "call_b", name: "weather", arguments: #"{"city":"Rome"}"#)),
            ]),
            .toolResult(ToolResult(callID: "call_a", text: "18C")),
            .toolResult(ToolResult(callID: "call_b", text: "no station", isError: true)),
        ]
        let text = try bodyText(ChatRequest(messages: history))
        XCTAssertTrue(text.contains(#"{"content":null,"role":"assistant","tool_calls":[{"function":{"arguments":"{\"city\":\"Paris\"}","name":"weather"},"id":"call_a","type":"function"},{"function":{"arguments":"{\"city\":\"Rome\"}","name":"weather"},"id":"call_b","type":"function"}]}"#), text)
        XCTAssertTrue(text.contains(#"{"content":"18C","role":"tool","tool_call_id":"call_a"}"#), text)
        XCTAssertTrue(text.contains(#"{"content":"Error: no station","role":"tool","tool_call_id":"call_b"}"#), text)
        XCTAssertFalse(text.contains("two cities"), "thinking is not sent back over Chat Completions")
    }

    func testImagesAToolReturnedFollowTheLastToolAnswerAsAUserMessage() throws {
        let screenshot = ImagePart(data: Data([1, 2, 3]), mediaType: "image/png")
        let history: [ChatMessage] = [
            .user("Look at both screens"),
            ChatMessage(role: .assistant, parts: [.toolCall(ToolCall(id: "a", name: "shot", arguments: "{}")),
                                                  .toolCall(ToolCall(id: "b", name: "shot", arguments: "{}"))]),
            .toolResult(ToolResult(callID: "a", content: [.text("left"), .image(screenshot)])),
            .toolResult(ToolResult(callID: "b", content: [.text("right")])),
            .user("Which is brighter?"),
        ]
        let messages = try XCTUnwrap(try body(ChatRequest(messages: history))["messages"] as? [[String: Any]])
        XCTAssertEqual(messages.map { $0["role"] as? String }, ["user", "assistant", "tool", "tool", "user", "user"])
        XCTAssertEqual(messages[2]["content"] as? String, "left")
        let attached = try XCTUnwrap(messages[4]["content"] as? [[String: Any]])
        XCTAssertEqual(attached.map { $0["type"] as? String }, ["text", "image_url"])
        XCTAssertEqual((attached[1]["image_url"] as? [String: Any])?["url"] as? String, "data:image/png;base64,AQID")
        XCTAssertEqual(messages[5]["content"] as? String, "Which is brighter?")
    }

    func testALongCallIdIsShortenedTheSameWayInTheCallAndItsResult() throws {
        let long = "fc_0f0e50a1476a6c35006912c58dc9f8819192c25864eb16f07f"
        let other = long.dropLast() + "0"
        let history: [ChatMessage] = [
            .user("go"),
            ChatMessage(role: .assistant, parts: [.toolCall(ToolCall(id: long, name: "f", arguments: "{}")),
                                                  .toolCall(ToolCall(id: String(other), name: "f", arguments: "{}")),
                                                  .toolCall(ToolCall(id: "call_short", name: "f", arguments: "{}"))]),
            .toolResult(ToolResult(callID: long, text: "1")),
            .toolResult(ToolResult(callID: String(other), text: "2")),
            .toolResult(ToolResult(callID: "call_short", text: "3")),
        ]
        let messages = try XCTUnwrap(try body(ChatRequest(messages: history))["messages"] as? [[String: Any]])
        let callIDs = try XCTUnwrap(messages[1]["tool_calls"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        let answered = messages[2...].compactMap { $0["tool_call_id"] as? String }
        XCTAssertEqual(callIDs, answered, "each result still answers its call")
        XCTAssertEqual(Set(callIDs).count, 3, "two long ids that differ stay apart")
        XCTAssertTrue(callIDs.allSatisfy { $0.count <= 40 }, "\(callIDs)")
        XCTAssertEqual(callIDs[2], "call_short", "a short id is sent as it is")
        XCTAssertTrue(callIDs[0].hasPrefix("fc_0f0e50a1476a6c35006"))
    }

    func testToolResultsInAUserMessageBecomeToolMessagesFirst() throws {
        let message = ChatMessage(role: .user, parts: [.toolResult(ToolResult(callID: "c", text: "ok")), .text("and now?")])
        let messages = try XCTUnwrap(try body(ChatRequest(messages: [message]))["messages"] as? [[String: Any]])
        XCTAssertEqual(messages.map { $0["role"] as? String }, ["tool", "user"])
        XCTAssertEqual(messages.last?["content"] as? String, "and now?")
    }

    func testImagesAndDocumentsMakeTheContentAnArrayOfParts() throws {
        let png = Data([0x89, 0x50, 0x4E, 0x47])
        let message = ChatMessage(role: .user, parts: [
            .text("What is this?"),
            .image(ImagePart(data: png, mediaType: "image/png")),
            .image(ImagePart(url: try XCTUnwrap(URL(string: "https://example.com/a.jpg")))),
            .document(DocumentPart(data: Data("%PDF-1.4".utf8), mediaType: "application/pdf", name: "a.pdf")),
            .document(DocumentPart(data: Data("line one".utf8), mediaType: "text/plain", name: "notes.txt")),
        ])
        let messages = try XCTUnwrap(try body(ChatRequest(messages: [message]))["messages"] as? [[String: Any]])
        let parts = try XCTUnwrap(messages.first?["content"] as? [[String: Any]])
        XCTAssertEqual(parts.map { $0["type"] as? String }, ["text", "image_url", "image_url", "file", "text"])
        XCTAssertEqual((parts[1]["image_url"] as? [String: Any])?["url"] as? String, "data:image/png;base64,iVBORw==")
        XCTAssertEqual((parts[2]["image_url"] as? [String: Any])?["url"] as? String, "https://example.com/a.jpg")
        let file = try XCTUnwrap(parts[3]["file"] as? [String: Any])
        XCTAssertEqual(file["filename"] as? String, "a.pdf")
        XCTAssertEqual(file["file_data"] as? String, "data:application/pdf;base64,JVBERi0xLjQ=")
        XCTAssertEqual(parts[4]["text"] as? String, "notes.txt:\nline one")
    }

    func testADocumentURLIsRefusedInWords() {
        let url = URL(fileURLWithPath: "/tmp/a.pdf")
        let message = ChatMessage(role: .user, parts: [.document(DocumentPart(.url(url)))])
        XCTAssertThrowsError(try body(ChatRequest(messages: [message]))) { error in
            XCTAssertEqual((error as? ProviderError)?.kind, .badRequest)
        }
    }

    func testToolsChoiceAndParallelCallsAreSentAsWritten() throws {
        let schema = try JSONText(#"{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"#)
        var request = ChatRequest(messages: [.user("hi")])
        request.tools = [ToolDefinition(name: "weather", description: "Current weather", parameters: schema)]
        request.toolChoice = .tool("weather")
        request.parallelToolCalls = false
        let text = try bodyText(request)
        XCTAssertTrue(text.contains(#""tools":[{"function":{"description":"Current weather","name":"weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}},"type":"function"}]"#), text)
        XCTAssertTrue(text.contains(#""tool_choice":{"function":{"name":"weather"},"type":"function"}"#), text)
        XCTAssertTrue(text.contains(#""parallel_tool_calls":false"#), text)
        for (choice, expected) in [(ToolChoice.auto, "auto"), (.none, "none"), (.required, "required")] {
            request.toolChoice = choice
            XCTAssertEqual(try body(request)["tool_choice"] as? String, expected)
        }
    }

    func testParallelToolCallsIsNotSentWithoutTools() throws {
        var request = ChatRequest(messages: [.user("hi")])
        request.parallelToolCalls = true
        XCTAssertNil(try body(request)["parallel_tool_calls"], "OpenAI refuses it without tools")
    }

    func testResponseFormats() throws {
        var request = ChatRequest(messages: [.user("hi")])
        request.responseFormat = .jsonObject
        XCTAssertTrue(try bodyText(request).contains(#""response_format":{"type":"json_object"}"#))
        request.responseFormat = .jsonSchema(name: "answer", schema: try JSONText(#"{"type":"object"}"#), strict: true)
        XCTAssertTrue(try bodyText(request).contains(#""response_format":{"json_schema":{"name":"answer","schema":{"type":"object"},"strict":true},"type":"json_schema"}"#))
        request.responseFormat = .text
        XCTAssertNil(try body(request)["response_format"])
    }

    func testReasoningAsEachServerAsksForIt() throws {
        var request = ChatRequest(messages: [.user("hi")], maxTokens: 4000)
        request.reasoning = .effort(.high)
        let openAI = try body(request)
        XCTAssertEqual(openAI["reasoning_effort"] as? String, "high")
        XCTAssertEqual(openAI["max_completion_tokens"] as? Int, 4000)
        request.reasoning = .off
        XCTAssertEqual(try body(request)["reasoning_effort"] as? String, "minimal")
        request.reasoning = .budget(tokens: 5000)
        XCTAssertEqual(try body(request)["reasoning_effort"] as? String, "medium")

        let router = endpoint(WireQuirks(streamUsageOption: false, reportsCost: true, reasoningStyle: .openRouter),
                              wire: .openAICompatible)
        request.reasoning = .effort(.low)
        XCTAssertTrue(try bodyText(request, router).contains(#""reasoning":{"effort":"low"}"#))
        request.reasoning = .budget(tokens: 2048)
        XCTAssertTrue(try bodyText(request, router).contains(#""reasoning":{"max_tokens":2048}"#))
        request.reasoning = .off
        XCTAssertTrue(try bodyText(request, router).contains(#""reasoning":{"enabled":false}"#))
        XCTAssertNil(try body(request, router)["reasoning_effort"])

        let deepSeek = endpoint(WireQuirks(reasoningStyle: .none), wire: .openAICompatible)
        request.reasoning = .effort(.high)
        let plain = try body(request, deepSeek)
        XCTAssertNil(plain["reasoning"])
        XCTAssertNil(plain["reasoning_effort"])
    }

    func testSamplingSettings() throws {
        var request = ChatRequest(messages: [.user("hi")])
        request.stopSequences = ["END", "\n\n"]
        request.topP = 0.9
        request.seed = 42
        XCTAssertTrue(try bodyText(request).hasSuffix(#""seed":42,"stop":["END","\n\n"],"stream":true,"stream_options":{"include_usage":true},"top_p":0.9}"#))
    }

    func testTheDirectoryCarriesEachServersReasoningStyle() {
        XCTAssertEqual(ProviderDirectory.provider(named: "openrouter")?.quirks.reasoningStyle, .openRouter)
        XCTAssertEqual(ProviderDirectory.provider(named: "deepseek")?.quirks.reasoningStyle, WireQuirks.ReasoningStyle.none)
        XCTAssertEqual(ProviderDirectory.provider(named: "openai")?.quirks.reasoningOffEffort, "minimal")
        XCTAssertEqual(ProviderDirectory.provider(named: "groq")?.quirks.reasoningStyle, .effort)
        XCTAssertEqual(ProviderDirectory.provider(named: "ollama")?.quirks.reasoningOffEffort, "none")
    }

    func testQuirksWrittenBeforeReasoningStillDecode() throws {
        let old = #"{"maxTokensField":"max_tokens","streamUsageOption":true,"reportsCost":false}"#
        let quirks = try JSONDecoder().decode(WireQuirks.self, from: Data(old.utf8))
        XCTAssertEqual(quirks, WireQuirks())
    }

    // MARK: - Stream

    private func decode(_ chunks: [String], byteByByte: Bool = false, fast: Bool = true) throws -> [StreamEvent] {
        let decoder = OpenAIChatStreamDecoder(provider: "p", quirks: WireQuirks(), dialect: .compatible, fastScan: fast)
        let bytes = Array((chunks.map { "data: \($0)\n\n" }.joined() + "data: [DONE]\n\n").utf8)
        var events: [StreamEvent] = []
        if byteByByte {
            for byte in bytes { events += try decoder.consume([byte]) }
        } else {
            events += try decoder.consume(bytes)
        }
        return events + (try decoder.finish())
    }

    /// Two calls interleaved, each one's arguments split mid-string and mid-escape across chunks.
    static let interleavedCalls = [
        #"{"choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"weather","arguments":""}}]}}]}"#,
        #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"ci"}}]}}]}"#,
        #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"time","arguments":"{\"tz\":\"Europe\\"}}]}}]}"#,
        #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"ty\": \"Pa"}}]}}]}"#,
        #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"/Rome\"}"}}]}}]}"#,
        #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"ris\"}"}}]}}]}"#,
        #"{"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}"#,
    ]

    func testToolCallPiecesAreDeliveredByIndexAndJoinToTheWholeCalls() throws {
        for byteByByte in [false, true] {
            let events = try decode(Self.interleavedCalls, byteByByte: byteByByte)
            var parts = StreamedParts()
            for case .toolCall(let delta) in events { parts.add(delta) }
            XCTAssertEqual(parts.toolCalls, [
                ToolCall(id: "call_a", name: "weather", arguments: #"{"city": "Paris"}"#),
                ToolCall(id: "call_b", name: "time", arguments: #"{"tz":"Europe\/Rome"}"#),
            ])
            XCTAssertEqual(events.last, .finished(reason: "tool_calls"))
            XCTAssertFalse(events.contains { if case .text = $0 { true } else { false } })
        }
    }

    func testThinkingIsReadFromEitherField() throws {
        let events = try decode([
            #"{"choices":[{"index":0,"delta":{"role":"assistant","content":"","reasoning_content":"Deep"}}]}"#,
            #"{"choices":[{"index":0,"delta":{"content":null,"reasoning":"Seek"}}]}"#,
            #"{"choices":[{"index":0,"delta":{"content":"42","reasoning":null}}]}"#,
            #"{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#,
        ])
        XCTAssertEqual(events, [.reasoning(ReasoningDelta(text: "Deep")), .reasoning(ReasoningDelta(text: "Seek")),
                                .text("42"), .finished(reason: "stop")])
    }

    func testOpenRouterThinkingIsReadOnceWithItsSignatureAndEncryptedBlocks() throws {
        let events = try decode([
            #"{"choices":[{"index":0,"delta":{"content":"","reasoning":"Let ","reasoning_details":[{"type":"reasoning.text","text":"Let ","index":0}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{"content":"","reasoning":"me see","reasoning_details":[{"type":"reasoning.text","text":"me see","index":0}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{"content":"","reasoning":null,"reasoning_details":[{"type":"reasoning.text","text":"","signature":"EqQB","index":0}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{"reasoning_details":[{"type":"reasoning.encrypted","data":"enc=="}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{"reasoning_details":[{"type":"reasoning.summary","summary":"In short"}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{"content":"42"},"finish_reason":"stop"}]}"#,
        ])
        XCTAssertEqual(events, [
            .reasoning(ReasoningDelta(text: "Let ")), .reasoning(ReasoningDelta(text: "me see")),
            .reasoning(ReasoningDelta(signature: "EqQB")), .reasoning(ReasoningDelta(redactedData: "enc==")),
            .reasoning(ReasoningDelta(text: "In short")), .text("42"), .finished(reason: "stop"),
        ])
    }

    func testThinkingGoesBackOnlyToTheOpenRouterModelThatWroteIt() throws {
        let router = endpoint(WireQuirks(streamUsageOption: false, reportsCost: true, reasoningStyle: .openRouter),
                              wire: .openAICompatible)
        let mine = ReasoningOrigin(wire: .openAICompatible, provider: "openai", model: "m")
        let other = ReasoningOrigin(wire: .openAICompatible, provider: "openai", model: "another-model")
        let reply = ChatMessage(role: .assistant, parts: [
            .reasoning(ReasoningPart(text: "mine", signature: "sig", origin: mine)),
            .reasoning(ReasoningPart(text: "", redactedData: "enc==", origin: mine)),
            .reasoning(ReasoningPart(text: "not mine", signature: "x", origin: other)),
            .text("Done."),
        ])
        let request = ChatRequest(messages: [.user("q"), reply, .user("and?")])
        let text = try bodyText(request, router)
        XCTAssertTrue(text.contains(#"{"content":"Done.","reasoning_details":[{"signature":"sig","text":"mine","type":"reasoning.text"},{"data":"enc==","type":"reasoning.encrypted"}],"role":"assistant"}"#), text)
        XCTAssertFalse(text.contains("not mine"))
        XCTAssertFalse(try bodyText(request).contains("reasoning_details"), "plain Chat Completions takes no thinking back")
    }

    func testThinkingAndToolCallChunksStayOnTheFastPath() throws {
        // Foundation reads them the same (ChunkScanTests); here: the scan vouches for them itself.
        let chunk = try OpenAIChatChunk.scan(#"{"choices":[{"index":0,"delta":{"content":null,"reasoning_content":"hm","reasoning":null}}]}"#)
        XCTAssertEqual(chunk.choices?.first?.delta?.reasoning, "hm")
        for text in Self.interleavedCalls {
            XCTAssertNoThrow(try OpenAIChatChunk.scan(text), text)
        }
        let call = try OpenAIChatChunk.scan(Self.interleavedCalls[2]).choices?.first?.delta?.toolCalls?.first
        XCTAssertEqual(call?.index, 1)
        XCTAssertEqual(call?.id, "call_b")
        XCTAssertEqual(call?.function?.name, "time")
        XCTAssertEqual(call?.function?.arguments, "{\"tz\":\"Europe\\", "cut after the backslash of an escape")
    }

    func testToolCallsReadTheSameWithoutTheFastScan() throws {
        XCTAssertEqual(try decode(Self.interleavedCalls, fast: false), try decode(Self.interleavedCalls, fast: true))
    }
}
