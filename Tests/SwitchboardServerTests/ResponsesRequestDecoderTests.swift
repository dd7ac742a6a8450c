import Foundation
import SwitchboardCore
import XCTest
@testable import SwitchboardServer

final class ResponsesRequestDecoderTests: XCTestCase {
    private func decode(_ json: String) throws -> ResponsesRequest {
        try ResponsesRequestDecoder.decode(Array(json.utf8))
    }

    private func rejection(_ json: String) -> String? {
        do {
            _ = try decode(json)
            return nil
        } catch {
            return (error as? GatewayError)?.message
        }
    }

    func testStringInputWithInstructions() throws {
        let request = try decode(#"{"model":"gpt-5","instructions":"Be terse.","input":"Hi","max_output_tokens":50,"temperature":0.5}"#)
        XCTAssertEqual(request.model, "gpt-5")
        XCTAssertEqual(request.messages, [.system("Be terse."), .user("Hi")])
        XCTAssertEqual(request.maxTokens, 50)
        XCTAssertEqual(request.temperature, 0.5)
        XCTAssertFalse(request.stream)
    }

    /// A Codex-style conversation: developer and user messages, a call with its output, function tools.
    func testCodexStyleItemsAndFunctionTools() throws {
        let request = try decode("""
            {"model":"gpt-5-codex","instructions":"You are Codex.","stream":true,"store":false,"parallel_tool_calls":false,
             "reasoning":{"effort":"medium","summary":"auto"},"tool_choice":"auto","include":["reasoning.encrypted_content"],
             "tools":[{"type":"function","name":"shell","description":"Runs a command","strict":false,
                       "parameters":{"type":"object","properties":{"command":{"type":"array","items":{"type":"string"}}},"required":["command"]}}],
             "input":[
               {"type":"message","role":"developer","content":[{"type":"input_text","text":"<env>linux</env>"}]},
               {"type":"message","role":"user","content":[{"type":"input_text","text":"list files"}]},
               {"type":"reasoning","id":"rs_1","summary":[],"encrypted_content":"gAAAA"},
               {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Listing."}]},
               {"type":"function_call","id":"fc_1","call_id":"call_1","name":"shell","arguments":"{\\"command\\":[\\"ls\\"]}"},
               {"type":"function_call_output","call_id":"call_1","output":"a.txt\\nb.txt"},
               {"role":"user","content":"thanks"}]}
            """)
        XCTAssertTrue(request.stream)
        XCTAssertEqual(request.options.tools.map(\.name), ["shell"])
        XCTAssertEqual(request.options.toolChoice, .auto)
        XCTAssertEqual(request.options.parallelToolCalls, false)
        XCTAssertEqual(request.options.reasoning, .effort(.medium))
        XCTAssertEqual(request.messages, [
            .system("You are Codex."),
            .system("<env>linux</env>"),
            .user("list files"),
            ChatMessage(role: .assistant, parts: [.text("Listing."),
                                                  .toolCall(ToolCall(id: "call_1", name: "shell", arguments: #"{"command":["ls"]}"#))]),
            .toolResult(ToolResult(callID: "call_1", text: "a.txt\nb.txt", name: "shell")),
            .user("thanks"),
        ])
    }

    func testImagesAndStructuredOutput() throws {
        let request = try decode("""
            {"model":"m","text":{"format":{"type":"json_schema","name":"answer","strict":true,"schema":{"type":"object"}}},
             "input":[{"role":"user","content":[{"type":"input_text","text":"what?"},
               {"type":"input_image","image_url":"data:image/png;base64,iVBORw=="},
               {"type":"input_image","image_url":"https://example.com/a.png"}]}]}
            """)
        let parts = try XCTUnwrap(request.messages.first?.parts)
        XCTAssertEqual(parts.count, 3)
        guard case .image(let inline) = parts[1], case .image(let remote) = parts[2] else { return XCTFail("\(parts)") }
        XCTAssertEqual(inline.source.mediaType, "image/png")
        XCTAssertEqual(remote.source.urlString, "https://example.com/a.png")
        guard case .jsonSchema(let name, _, let strict)? = request.options.responseFormat else { return XCTFail() }
        XCTAssertEqual(name, "answer")
        XCTAssertTrue(strict)
    }

    func testWhatSwitchboardCannotDoIsRefusedByName() {
        XCTAssertEqual(rejection(#"{"model":"m","input":"x","previous_response_id":"resp_1"}"#)?.hasPrefix("previous_response_id:"), true)
        XCTAssertEqual(rejection(#"{"model":"m","input":"x","tools":[{"type":"web_search","name":"web_search"}]}"#)?.contains("web_search tools are not supported"), true)
        XCTAssertEqual(rejection(#"{"model":"m","input":[{"type":"item_reference","id":"msg_1"}]}"#)?.contains("does not store items"), true)
        XCTAssertEqual(rejection(#"{"model":"m"}"#), "input: Field required")
        XCTAssertEqual(rejection(#"{"model":"m","input":[]}"#), "input: at least one input item is required")
        XCTAssertEqual(rejection(#"{"model":"m","input":"x","reasoning":{"effort":"huge"}}"#)?.hasPrefix("reasoning.effort"), true)
    }

    /// Codex's freeform `apply_patch`: a function taking `{"input": text}` for the routed model (its grammar in
    /// the description), and its calls and outputs in history as a call and a tool result.
    func testCustomToolsBecomeFunctionsTakingTheirText() throws {
        let request = try decode("""
            {"model":"m","tools":[{"type":"custom","name":"apply_patch","description":"Edit files.",
               "format":{"type":"grammar","syntax":"lark","definition":"start: begin_patch"}}],
             "tool_choice":{"type":"custom","name":"apply_patch"},
             "input":[{"role":"user","content":"fix it"},
               {"type":"custom_tool_call","call_id":"c1","name":"apply_patch","input":"*** Begin Patch\\n*** End Patch"},
               {"type":"custom_tool_call_output","call_id":"c1","output":"Done!"}]}
            """)
        XCTAssertEqual(request.customTools, ["apply_patch"])
        XCTAssertEqual(request.options.toolChoice, .tool("apply_patch"))
        let tool = try XCTUnwrap(request.options.tools.first)
        XCTAssertEqual(tool.description, "Edit files.\n\nThe input is free text matching this lark grammar:\nstart: begin_patch")
        let schema = try XCTUnwrap(tool.parameters.object as? [String: Any])
        XCTAssertEqual(schema["required"] as? [String], ["input"])
        XCTAssertEqual(request.messages, [
            .user("fix it"),
            ChatMessage(role: .assistant, parts: [.toolCall(ToolCall(id: "c1", name: "apply_patch",
                                                                     arguments: #"{"input":"*** Begin Patch\n*** End Patch"}"#))]),
            .toolResult(ToolResult(callID: "c1", text: "Done!", name: "apply_patch")),
        ])
    }
}
