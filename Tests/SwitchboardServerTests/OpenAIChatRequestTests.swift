import Foundation
import SwitchboardCore
import XCTest
@testable import SwitchboardServer

final class OpenAIChatRequestTests: XCTestCase {
    private func decode(_ json: String) throws -> OpenAIChatRequest {
        do { return try OpenAIChatRequest.decode(Array(json.utf8)) } catch {
            XCTFail("\(error)")
            throw error
        }
    }

    private func failure(_ json: String) -> GatewayError? {
        do {
            _ = try OpenAIChatRequest.decode(Array(json.utf8))
            return nil
        } catch { return error }
    }

    func testStringAndPartsContentWithImages() throws {
        let png = Data([0x89, 0x50, 0x4E, 0x47]).base64EncodedString()
        let request = try decode("""
            {"model": "openai/gpt-4o-mini", "messages": [
              {"role": "system", "content": "be brief"},
              {"role": "developer", "content": [{"type": "text", "text": "and kind"}]},
              {"role": "user", "content": [
                {"type": "text", "text": "what is this?"},
                {"type": "image_url", "image_url": {"url": "data:image/png;base64,\(png)"}},
                {"type": "image_url", "image_url": {"url": "https://example.com/cat.jpg", "detail": "low"}}
              ]}
            ]}
            """)
        let messages = request.turn.messages
        XCTAssertEqual(messages.map(\.role), [.system, .system, .user])
        XCTAssertEqual(messages[0].text, "be brief")
        XCTAssertEqual(messages[1].text, "and kind")
        XCTAssertEqual(messages[2].parts, [
            .text("what is this?"),
            .image(ImagePart(data: Data([0x89, 0x50, 0x4E, 0x47]), mediaType: "image/png")),
            .image(ImagePart(url: try XCTUnwrap(URL(string: "https://example.com/cat.jpg")))),
        ])
        XCTAssertEqual(request.turn.model, "openai/gpt-4o-mini")
        XCTAssertFalse(request.turn.stream)
        XCTAssertFalse(request.includeUsage)
    }

    func testToolsRoundTripMessages() throws {
        let request = try decode("""
            {"model": "m", "stream": true, "stream_options": {"include_usage": true},
             "tools": [{"type": "function", "function": {"name": "get_weather", "description": "Weather now",
                        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}],
             "tool_choice": {"type": "function", "function": {"name": "get_weather"}},
             "parallel_tool_calls": false,
             "messages": [
               {"role": "user", "content": "weather in Paris?"},
               {"role": "assistant", "content": null, "tool_calls": [
                 {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Paris\\"}"}}]},
               {"role": "tool", "tool_call_id": "call_1", "content": "18C and sunny"}
             ]}
            """)
        XCTAssertTrue(request.turn.stream)
        XCTAssertTrue(request.includeUsage)
        let tool = try XCTUnwrap(request.turn.options.tools.first)
        XCTAssertEqual(tool.name, "get_weather")
        XCTAssertEqual(tool.description, "Weather now")
        let schema = try XCTUnwrap(tool.parameters.object as? [String: Any])
        XCTAssertEqual(schema["required"] as? [String], ["city"])
        XCTAssertEqual(request.turn.options.toolChoice, .tool("get_weather"))
        XCTAssertEqual(request.turn.options.parallelToolCalls, false)
        let messages = request.turn.messages
        XCTAssertEqual(messages[1].toolCalls, [ToolCall(id: "call_1", name: "get_weather", arguments: #"{"city":"Paris"}"#)])
        XCTAssertEqual(messages[2].role, .tool)
        XCTAssertEqual(messages[2].toolResults.first?.callID, "call_1")
        XCTAssertEqual(messages[2].toolResults.first?.text, "18C and sunny")
    }

    func testSamplingLimitsAndFormat() throws {
        let request = try decode("""
            {"model": "m", "messages": [{"role": "user", "content": "hi"}], "temperature": 0.2, "top_p": 0.9,
             "seed": 7, "max_tokens": 50, "max_completion_tokens": 80, "stop": "END",
             "response_format": {"type": "json_schema", "json_schema": {"name": "answer", "strict": true,
                                 "schema": {"type": "object"}}}}
            """)
        XCTAssertEqual(request.turn.temperature, 0.2)
        XCTAssertEqual(request.turn.options.topP, 0.9)
        XCTAssertEqual(request.turn.options.seed, 7)
        XCTAssertEqual(request.turn.maxTokens, 80, "max_completion_tokens wins over the older max_tokens")
        XCTAssertEqual(request.turn.options.stopSequences, ["END"])
        guard case .jsonSchema(let name, let schema, let strict)? = request.turn.options.responseFormat else {
            return XCTFail("\(String(describing: request.turn.options.responseFormat))")
        }
        XCTAssertEqual(name, "answer")
        XCTAssertEqual(schema.text, #"{"type":"object"}"#)
        XCTAssertTrue(strict)
        XCTAssertEqual(try decode(#"{"messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_object"}}"#)
            .turn.options.responseFormat, .jsonObject)
    }

    func testReasoningSettings() throws {
        func reasoning(_ fields: String) throws -> ReasoningSetting? {
            try decode(#"{"messages":[{"role":"user","content":"x"}],"# + fields + "}").turn.options.reasoning
        }
        XCTAssertEqual(try reasoning(#""reasoning_effort":"high""#), .effort(.high))
        XCTAssertEqual(try reasoning(#""reasoning_effort":"minimal""#), .effort(.low))
        XCTAssertEqual(try reasoning(#""reasoning_effort":"none""#), .off)
        XCTAssertEqual(try reasoning(#""reasoning":{"effort":"low"}"#), .effort(.low))
        XCTAssertEqual(try reasoning(#""reasoning":{"max_tokens":2048}"#), .budget(tokens: 2048))
        XCTAssertEqual(try reasoning(#""reasoning":{"enabled":false},"reasoning_effort":"high""#), .off,
                       "OpenRouter's object wins")
    }

    func testOpenRouterExtensions() throws {
        let request = try decode("""
            {"models": ["a/one", "b/two"], "messages": [{"role": "user", "content": "x"}],
             "provider": {"order": ["OpenAI", "azure"], "only": ["openai", "azure", "together"], "ignore": ["deepinfra"],
                          "allow_fallbacks": false, "sort": "price", "require_parameters": true,
                          "max_price": {"prompt": 1, "completion": "2.5"}},
             "metadata": {"team": "infra", "n": 3}}
            """)
        XCTAssertNil(request.turn.model)
        XCTAssertEqual(request.turn.fallbackModels, ["a/one", "b/two"])
        let provider = request.turn.provider
        XCTAssertEqual(provider.order, ["openai", "azure"])
        XCTAssertEqual(provider.only, ["openai", "azure", "together"])
        XCTAssertEqual(provider.ignore, ["deepinfra"])
        XCTAssertEqual(provider.allowFallbacks, false)
        XCTAssertEqual(provider.sort, "price")
        XCTAssertEqual(provider.requireParameters, true)
        XCTAssertEqual(provider.maxPromptPrice, Decimal(1))
        XCTAssertEqual(provider.maxCompletionPrice, Decimal(string: "2.5"))
        XCTAssertEqual(request.turn.tags, ["team:infra"], "string metadata values become tags")
    }

    func testBadRequestsNameTheField() {
        XCTAssertEqual(failure("not json")?.code, "invalid_json")
        XCTAssertEqual(failure("[]")?.status, 400)
        XCTAssertTrue(failure(#"{"model":"m","messages":[]}"#)?.message.contains("'messages'") ?? false)
        XCTAssertTrue(failure(#"{"messages":[{"role":"robot","content":"x"}]}"#)?.message.contains("messages[0].role") ?? false)
        XCTAssertTrue(failure(#"{"messages":[{"role":"tool","content":"x"}]}"#)?.message.contains("tool_call_id") ?? false)
        XCTAssertTrue(failure(#"{"messages":[{"role":"user","content":"x"}],"temperature":"hot"}"#)?.message.contains("'temperature'") ?? false)
        XCTAssertTrue(failure(#"{"messages":[{"role":"user","content":"x"}],"max_tokens":0}"#)?.message.contains("'max_tokens'") ?? false)
        XCTAssertEqual(failure(#"{"messages":[{"role":"user","content":"x"}],"n":2}"#)?.code, "unsupported_parameter")
        XCTAssertTrue(failure(#"{"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"ftp://x"}}]}]}"#)?
            .message.contains("image_url.url") ?? false)
        XCTAssertTrue(failure(#"{"messages":[{"role":"user","content":[{"type":"input_audio"}]}]}"#)?
            .message.contains("input_audio") ?? false)
        XCTAssertTrue(failure(#"{"messages":[{"role":"user","content":"x"}],"provider":{"sort":"vibes"}}"#)?
            .message.contains("provider.sort") ?? false)
    }
}
