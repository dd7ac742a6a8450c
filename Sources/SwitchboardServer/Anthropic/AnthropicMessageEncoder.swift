import Foundation
import SwitchboardCore

/// A finished turn as the non-streamed Messages response: `{"id","type":"message","role":"assistant","model",
/// "content":[...],"stop_reason","stop_sequence":null,"usage":{...}}`, blocks in the order the API gives them:
/// thinking, text, tool calls.
enum AnthropicMessageEncoder {
    static func message(_ summary: TurnSummary, id: String) throws -> [UInt8] {
        try messageJSON(summary, id: id).bytes()
    }

    static func messageJSON(_ summary: TurnSummary, id: String) -> RequestJSON {
        var content: [RequestJSON] = summary.reasoning.compactMap(AnthropicWireWords.thinkingBlock)
        if !summary.text.isEmpty || summary.toolCalls.isEmpty { content.append(AnthropicWireWords.textBlock(summary.text)) }
        for call in summary.toolCalls {
            content.append(AnthropicWireWords.toolUseBlock(call, input: .raw(AnthropicWireWords.input(call))))
        }
        return .object([
            ("content", .array(content)),
            ("id", .string(id)),
            ("model", .string(summary.route.model)),
            ("role", .string("assistant")),
            ("stop_reason", .string(AnthropicWireWords.stopReason(summary))),
            ("stop_sequence", .null),
            ("type", .string("message")),
            ("usage", AnthropicWireWords.usage(summary.usage)),
        ])
    }
}
