import Foundation
import SwitchboardCore

/// The neutral reply in Anthropic's words, shared by the streamed and the whole-message encoders so both say the
/// same thing: the stop reason, the usage object and each content block.
enum AnthropicWireWords {
    /// The provider's own finish word in Anthropic's (`end_turn | max_tokens | stop_sequence | tool_use |
    /// pause_turn | refusal`), whichever wire served the turn. A reply that calls tools stopped for them.
    static func stopReason(_ summary: TurnSummary) -> String {
        let word = summary.finishReason ?? ""
        switch word {
        case "end_turn", "max_tokens", "stop_sequence", "tool_use", "pause_turn", "refusal",
             "model_context_window_exceeded":
            return word
        default:
            break
        }
        if !summary.toolCalls.isEmpty { return "tool_use" }
        switch word.lowercased() {
        case "length", "max_tokens", "max_output_tokens": return "max_tokens"
        case "tool_calls", "function_call": return "tool_use"
        case "content_filter", "safety", "recitation", "blocklist", "prohibited_content", "spii": return "refusal"
        default: return "end_turn"
        }
    }

    /// Anthropic's usage: `input_tokens` excludes cache reads and writes, which it reports apart (as `Usage`
    /// counts them).
    static func usage(_ usage: Usage) -> RequestJSON {
        .object([
            ("cache_creation_input_tokens", .int(usage.cacheWrite + usage.cacheWrite1h)),
            ("cache_read_input_tokens", .int(usage.cacheRead)),
            ("input_tokens", .int(usage.input)),
            ("output_tokens", .int(usage.output)),
        ])
    }

    /// A thinking block: signed thinking, or redacted thinking's data, as an Anthropic upstream gave them.
    /// Another vendor's thinking goes unsigned (`signature` empty) and its encrypted blocks not at all: its
    /// signature is not one Anthropic would take back, and none is ever made up. Nil for a block left out.
    static func thinkingBlock(_ part: ReasoningPart) -> RequestJSON? {
        let anthropic = part.origin?.wire == .anthropic
        if let data = part.redactedData {
            return anthropic ? .object([("data", .string(data)), ("type", .string("redacted_thinking"))]) : nil
        }
        let signature = anthropic ? part.signature ?? "" : ""
        // A signature-only part of another vendor's (Gemini signs text parts) is nothing a client can use.
        if part.text.isEmpty && signature.isEmpty { return nil }
        return .object([("signature", .string(signature)), ("thinking", .string(part.text)), ("type", .string("thinking"))])
    }

    static func textBlock(_ text: String) -> RequestJSON {
        .object([("text", .string(text)), ("type", .string("text"))])
    }

    static func toolUseBlock(_ call: ToolCall, input: RequestJSON) -> RequestJSON {
        .object([("id", .string(call.id)), ("input", input), ("name", .string(call.name)), ("type", .string("tool_use"))])
    }

    /// A call's arguments as the `input` object. A model that wrote something other than a JSON object has its
    /// text kept under `_unparsed_arguments` (Anthropic's `input` must be an object), so nothing is lost and the
    /// client's tool sees what went wrong.
    static func input(_ call: ToolCall) -> JSONText {
        let trimmed = call.arguments.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return emptyObject }
        if let json = try? JSONText(trimmed), json.object is [String: Any] { return json }
        var bytes = Array("{\"_unparsed_arguments\":".utf8)
        RequestJSON.appendString(call.arguments, to: &bytes)
        bytes.append(UInt8(ascii: "}"))
        // Valid by construction: one key and an escaped string.
        return (try? JSONText(String(decoding: bytes, as: UTF8.self))) ?? emptyObject
    }

    private static let emptyObject: JSONText = {
        guard let json = try? JSONText("{}") else { preconditionFailure("{} is JSON") }
        return json
    }()
}
