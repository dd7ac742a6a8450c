import Foundation
import SwitchboardCore
import XCTest
@testable import SwitchboardServer

final class AnthropicRequestDecoderTests: XCTestCase {
    private func decode(_ json: String) throws -> AnthropicMessagesRequest {
        try AnthropicRequestDecoder.decode(Array(json.utf8))
    }

    private func rejection(_ json: String) -> String? {
        do {
            _ = try decode(json)
            return nil
        } catch {
            return (error as? GatewayError)?.message
        }
    }

    func testPlainRequestDecodesModelLimitsAndSystemString() throws {
        let request = try decode("""
            {"model":"claude-sonnet-4-5","max_tokens":256,"system":"Be brief.","temperature":0.2,"top_p":0.9,
             "stop_sequences":["END"],"metadata":{"user_id":"u-42"},"stream":true,
             "messages":[{"role":"user","content":"Hello"}]}
            """)
        XCTAssertEqual(request.model, "claude-sonnet-4-5")
        XCTAssertEqual(request.maxTokens, 256)
        XCTAssertEqual(request.temperature, 0.2)
        XCTAssertEqual(request.options.topP, 0.9)
        XCTAssertEqual(request.options.stopSequences, ["END"])
        XCTAssertEqual(request.metadata, .object(["user_id": .string("u-42")]))
        XCTAssertTrue(request.stream)
        XCTAssertEqual(request.messages, [.system("Be brief."), .user("Hello")])
    }

    func testSystemBlocksBecomeOneSystemMessageEach() throws {
        let request = try decode("""
            {"model":"m","max_tokens":10,"system":[{"type":"text","text":"A","cache_control":{"type":"ephemeral"}},
             {"type":"text","text":"B"}],"messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}]}
            """)
        XCTAssertEqual(request.messages, [.system("A"), .system("B"), .user("hi")])
        XCTAssertFalse(request.stream)
    }

    func testImagesAsBase64AndURL() throws {
        let png = Data([0x89, 0x50, 0x4E, 0x47])
        let request = try decode("""
            {"model":"m","max_tokens":10,"messages":[{"role":"user","content":[
              {"type":"image","source":{"type":"base64","media_type":"image/png","data":"\(png.base64EncodedString())"}},
              {"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"}},
              {"type":"text","text":"What is this?"}]}]}
            """)
        let url = try XCTUnwrap(URL(string: "https://example.com/cat.jpg"))
        XCTAssertEqual(request.messages, [ChatMessage(role: .user, parts: [
            .image(ImagePart(data: png, mediaType: "image/png")), .image(ImagePart(url: url)), .text("What is this?"),
        ])])
    }

    func testToolRoundTripBecomesCallAndToolMessages() throws {
        let request = try decode("""
            {"model":"m","max_tokens":100,
             "tools":[{"name":"get_weather","description":"Weather now","input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}],
             "tool_choice":{"type":"any","disable_parallel_tool_use":true},
             "messages":[
              {"role":"user","content":"Weather in Paris?"},
              {"role":"assistant","content":[{"type":"text","text":"Checking."},
                {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris"}}]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"18C, sunny"},
                {"type":"text","text":"And tomorrow?"}]}]}
            """)
        XCTAssertEqual(request.options.tools.count, 1)
        XCTAssertEqual(request.options.tools.first?.name, "get_weather")
        XCTAssertEqual(request.options.tools.first?.description, "Weather now")
        let schema = try XCTUnwrap(request.options.tools.first?.parameters.object as? [String: Any])
        XCTAssertEqual(schema["required"] as? [String], ["city"])
        XCTAssertEqual(request.options.toolChoice, .required)
        XCTAssertEqual(request.options.parallelToolCalls, false)
        XCTAssertEqual(request.messages, [
            .user("Weather in Paris?"),
            ChatMessage(role: .assistant, parts: [.text("Checking."),
                                                  .toolCall(ToolCall(id: "toolu_1", name: "get_weather", arguments: #"{"city":"Paris"}"#))]),
            .toolResult(ToolResult(callID: "toolu_1", text: "18C, sunny", name: "get_weather")),
            .user("And tomorrow?"),
        ])
    }

    func testToolResultWithBlocksAndErrorFlag() throws {
        let request = try decode("""
            {"model":"m","max_tokens":5,"messages":[
              {"role":"assistant","content":[{"type":"tool_use","id":"t","name":"read","input":{}}]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"t","is_error":true,
                "content":[{"type":"text","text":"no such file"}]}]}]}
            """)
        XCTAssertEqual(request.messages.last, .toolResult(ToolResult(callID: "t", content: [.text("no such file")],
                                                                    isError: true, name: "read")))
        XCTAssertEqual(request.messages.first?.toolCalls.first?.arguments, "{}")
    }

    func testThinkingSettingAndSignedThinkingInHistory() throws {
        let request = try decode("""
            {"model":"m","max_tokens":4000,"thinking":{"type":"enabled","budget_tokens":2048},"messages":[
              {"role":"user","content":"Q"},
              {"role":"assistant","content":[{"type":"thinking","thinking":"hmm","signature":"sig"},
                {"type":"redacted_thinking","data":"enc"},{"type":"text","text":"A"}]},
              {"role":"user","content":"Q2"}]}
            """)
        XCTAssertEqual(request.options.reasoning, .budget(tokens: 2048))
        let reasoning = request.messages[1].reasoning
        XCTAssertEqual(reasoning.map(\.text), ["hmm", ""])
        XCTAssertEqual(reasoning.first?.signature, "sig")
        XCTAssertEqual(reasoning.last?.redactedData, "enc")
        XCTAssertEqual(reasoning.first?.origin?.wire, .anthropic)
    }

    func testThinkingDisabledAndAdaptive() throws {
        XCTAssertEqual(try decode(#"{"model":"m","max_tokens":5,"thinking":{"type":"disabled"},"messages":[{"role":"user","content":"x"}]}"#)
            .options.reasoning, .off)
        XCTAssertEqual(try decode(#"{"model":"m","max_tokens":5,"thinking":{"type":"adaptive"},"output_config":{"effort":"low"},"messages":[{"role":"user","content":"x"}]}"#)
            .options.reasoning, .effort(.low))
    }

    func testToolChoiceWords() throws {
        func choice(_ json: String) throws -> ToolChoice? {
            try decode(#"{"model":"m","max_tokens":5,"tool_choice":\#(json),"messages":[{"role":"user","content":"x"}]}"#).options.toolChoice
        }
        XCTAssertEqual(try choice(#"{"type":"auto"}"#), .auto)
        XCTAssertEqual(try choice(#"{"type":"none"}"#), ToolChoice.none)
        XCTAssertEqual(try choice(#"{"type":"tool","name":"x"}"#), .tool("x"))
    }

    func testRequiredFieldsAndBadShapesAreNamed() {
        XCTAssertEqual(rejection(#"{"max_tokens":5,"messages":[{"role":"user","content":"x"}]}"#), "model: Field required")
        XCTAssertEqual(rejection(#"{"model":"m","messages":[{"role":"user","content":"x"}]}"#), "max_tokens: Field required")
        XCTAssertEqual(rejection(#"{"model":"m","max_tokens":5,"messages":[]}"#), "messages: at least one message is required")
        XCTAssertEqual(rejection(#"{"model":"m","max_tokens":5,"messages":[{"role":"system","content":"x"}]}"#),
                       "messages.0.role: must be user or assistant, not system")
        XCTAssertEqual(rejection(#"{"model":"m","max_tokens":"5","messages":[{"role":"user","content":"x"}]}"#),
                       "'max_tokens' must be a number")
        XCTAssertEqual(rejection(#"{"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"tool_use","id":"a","name":"b","input":{}}]}]}"#),
                       "messages.0.content.0.type: a tool_use block cannot be in a user message")
        XCTAssertEqual(rejection("not json"), "the request body is not valid JSON")
        XCTAssertNotNil(rejection(#"{"model":"m","max_tokens":5,"tools":[{"type":"web_search_20250305","name":"web_search"}],"messages":[{"role":"user","content":"x"}]}"#)?
            .range(of: "server tool"))
        XCTAssertNotNil(rejection(#"{"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"***"}}]}]}"#)?
            .range(of: "base64"))
    }

    /// Numbers in a schema are written back as the client wrote whole numbers (no `1.0`).
    func testSchemaNumbersStayWhole() throws {
        let request = try decode("""
            {"model":"m","max_tokens":5,"tools":[{"name":"n","input_schema":{"type":"object","properties":{"k":{"type":"integer","minimum":1,"maximum":2.5}}}}],
             "messages":[{"role":"user","content":"x"}]}
            """)
        let text = try XCTUnwrap(request.options.tools.first?.parameters.text)
        XCTAssertTrue(text.contains(#""minimum":1,"#), text)
        XCTAssertTrue(text.contains(#""maximum":2.5"#), text)
    }
}
