import Foundation
import SwitchboardCore

/// Engine output in OpenAI's Chat Completions shapes: `chat.completion.chunk` SSE events and the non-streaming
/// `chat.completion` body. Chunks are written from bytes prepared once per response, with only the new text
/// escaped into them: no JSON encoder runs per chunk.
///
/// Thinking goes in the delta's `reasoning` field (OpenRouter's name; OpenAI's own API streams none). Tool calls
/// stream as OpenAI streams them: a call's first delta has its `index`, `id`, `type` and `function.name` with
/// empty arguments, later ones only `index` and a `function.arguments` piece; parallel calls keep their own index.
public struct OpenAIChatEncoder: Sendable {
    public let id: String
    public let created: Int
    public let model: String
    /// `data: {"choices":[{"delta":` — then the delta, then `suffix`.
    private let prefix: [UInt8]
    /// `,"finish_reason":null,"index":0}],"created":…,"id":…,"model":…,"object":"chat.completion.chunk"}` + blank line.
    private let suffix: [UInt8]
    /// The envelope fields after `choices`, shared by the finish and usage chunks.
    private let envelope: [UInt8]
    /// `prefix` + `{"content":` and + `{"reasoning":`: a delta chunk is one of these, the escaped text, `}`, `suffix`.
    private let contentPrefix: [UInt8]
    private let reasoningPrefix: [UInt8]

    public static let done: [UInt8] = Array("data: [DONE]\n\n".utf8)

    public init(id: String, created: Int, model: String) {
        self.id = id
        self.created = created
        self.model = model
        var envelope: [UInt8] = Array(#","created":\#(created),"id":"#.utf8)
        RequestJSON.appendString(id, to: &envelope)
        envelope += Array(#","model":"#.utf8)
        RequestJSON.appendString(model, to: &envelope)
        envelope += Array(#","object":"chat.completion.chunk"}"#.utf8)
        self.envelope = envelope
        prefix = Array(#"data: {"choices":[{"delta":"#.utf8)
        suffix = Array(#","finish_reason":null,"index":0}]"#.utf8) + envelope + Array("\n\n".utf8)
        contentPrefix = prefix + Array(#"{"content":"#.utf8)
        reasoningPrefix = prefix + Array(#"{"reasoning":"#.utf8)
    }

    /// The first chunk: the assistant's role with empty content.
    public func role() -> [UInt8] {
        prefix + Array(#"{"content":"","role":"assistant"}"#.utf8) + suffix
    }

    public func content(_ text: String) -> [UInt8] {
        delta(contentPrefix, text)
    }

    public func reasoning(_ text: String) -> [UInt8] {
        delta(reasoningPrefix, text)
    }

    /// One allocation: the prepared bytes, the escaped text, the closing brace and the prepared tail.
    private func delta(_ head: [UInt8], _ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(head.count + suffix.count + text.utf8.count + 8)
        out += head
        RequestJSON.appendString(text, to: &out)
        out.append(UInt8(ascii: "}"))
        out += suffix
        return out
    }

    /// Tool calls each whole in one delta, at their given index: calls that streamed no pieces.
    public func toolCalls(_ calls: [(slot: Int, call: ToolCall)]) -> [UInt8] {
        var out = prefix
        out += Array(#"{"tool_calls":"#.utf8)
        out += Self.toolCallsJSON(calls.map(\.call), indices: calls.map(\.slot))
        out.append(UInt8(ascii: "}"))
        return out + suffix
    }

    /// The first delta of a streamed call: its index, id, type and name, with empty arguments.
    public func toolCallStart(index: Int, id: String, name: String) -> [UInt8] {
        var out = prefix
        out += Array(#"{"tool_calls":[{"function":{"arguments":"","name":"#.utf8)
        RequestJSON.appendString(name, to: &out)
        out += Array(#"},"id":"#.utf8)
        RequestJSON.appendString(id, to: &out)
        out += Array(#","index":\#(index),"type":"function"}]}"#.utf8)
        return out + suffix
    }

    /// The chunks for what a tool-call piece from the engine opened or added.
    func toolCallSteps(_ steps: [InboundToolCalls.Step]) -> [UInt8] {
        var out: [UInt8] = []
        for step in steps {
            switch step {
            case .open(let slot, let id, let name): out += toolCallStart(index: slot, id: id, name: name)
            case .arguments(let slot, let piece): out += toolCallArguments(index: slot, piece)
            }
        }
        return out
    }

    /// A piece of a streamed call's arguments, under its index.
    public func toolCallArguments(index: Int, _ piece: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(prefix.count + suffix.count + piece.utf8.count + 64)
        out += prefix
        out += Array(#"{"tool_calls":[{"function":{"arguments":"#.utf8)
        RequestJSON.appendString(piece, to: &out)
        out += Array(#"},"index":\#(index)}]}"#.utf8)
        return out + suffix
    }

    /// The last choice chunk: an empty delta and why the reply ended.
    public func finish(_ reason: String) -> [UInt8] {
        var out = Array(#"data: {"choices":[{"delta":{},"finish_reason":"#.utf8)
        RequestJSON.appendString(reason, to: &out)
        out += Array(#","index":0}]"#.utf8)
        return out + envelope + Array("\n\n".utf8)
    }

    /// `stream_options.include_usage`: the usage chunk, with no choices.
    public func usage(_ usage: Usage, cost: Money?) -> [UInt8] {
        Array(#"data: {"choices":[]"#.utf8) + envelope.dropLast() + Array(#","usage":"#.utf8)
            + Self.usageJSON(usage, cost: cost) + Array("}\n\n".utf8)
    }

    /// The non-streaming `chat.completion` body.
    public func completion(_ summary: TurnSummary, includeReasoning: Bool = true) -> [UInt8] {
        var message: [UInt8] = Array(#"{"content":"#.utf8)
        if summary.text.isEmpty && !summary.toolCalls.isEmpty {
            message += Array("null".utf8)
        } else {
            RequestJSON.appendString(summary.text, to: &message)
        }
        let thinking = summary.reasoning.map(\.text).joined()
        if includeReasoning, !thinking.isEmpty {
            message += Array(#","reasoning":"#.utf8)
            RequestJSON.appendString(thinking, to: &message)
        }
        message += Array(#","role":"assistant""#.utf8)
        if !summary.toolCalls.isEmpty {
            message += Array(#","tool_calls":"#.utf8) + Self.toolCallsJSON(summary.toolCalls, indices: nil)
        }
        message.append(UInt8(ascii: "}"))
        var out: [UInt8] = Array(#"{"choices":[{"finish_reason":"#.utf8)
        RequestJSON.appendString(Self.finishReason(summary), to: &out)
        out += Array(#","index":0,"logprobs":null,"message":"#.utf8) + message + Array("}]".utf8)
        out += Array(#","created":\#(created),"id":"#.utf8)
        RequestJSON.appendString(id, to: &out)
        out += Array(#","model":"#.utf8)
        RequestJSON.appendString(model, to: &out)
        out += Array(#","object":"chat.completion","usage":"#.utf8)
        out += Self.usageJSON(summary.usage, cost: Self.cost(of: summary))
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// OpenAI's usage object. `prompt_tokens` counts every prompt token, cached ones included, as OpenAI does;
    /// `cost` (USD, OpenRouter's field) is printed exactly and left out when unknown, never 0 for unknown.
    static func usageJSON(_ usage: Usage, cost: Money?) -> [UInt8] {
        var out: [UInt8] = Array(#"{"completion_tokens":\#(usage.output)"#.utf8)
        out += Array(#","completion_tokens_details":{"reasoning_tokens":\#(usage.reasoning)}"#.utf8)
        if let cost {
            out += Array(#","cost":"#.utf8) + Array(cost.decimalString.utf8)
        }
        out += Array(#","prompt_tokens":\#(usage.promptTotal)"#.utf8)
        out += Array(#","prompt_tokens_details":{"cached_tokens":\#(usage.cacheRead)}"#.utf8)
        out += Array(#","total_tokens":\#(usage.total)}"#.utf8)
        return out
    }

    /// The calls as a JSON array; `indices` gives each its streamed `index` (nil: the body's calls, unindexed).
    static func toolCallsJSON(_ calls: [ToolCall], indices: [Int]?) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (position, call) in calls.enumerated() {
            if position > 0 { out.append(UInt8(ascii: ",")) }
            out += Array(#"{"function":{"arguments":"#.utf8)
            RequestJSON.appendString(call.arguments, to: &out)
            out += Array(#","name":"#.utf8)
            RequestJSON.appendString(call.name, to: &out)
            out += Array(#"},"id":"#.utf8)
            RequestJSON.appendString(call.id, to: &out)
            if let indices { out += Array(#","index":\#(indices[position])"#.utf8) }
            out += Array(#","type":"function"}"#.utf8)
        }
        out.append(UInt8(ascii: "]"))
        return out
    }

    /// What the turn cost: the engine's figure from the catalog's prices, else what the provider reported.
    public static func cost(of summary: TurnSummary) -> Money? {
        summary.cost ?? summary.reportedCost
    }

    /// The provider's stop word in OpenAI's vocabulary.
    public static func finishReason(_ summary: TurnSummary) -> String {
        if !summary.toolCalls.isEmpty { return "tool_calls" }
        switch summary.finishReason?.lowercased() {
        case "length", "max_tokens", "max_output_tokens": return "length"
        case "content_filter", "safety", "refusal", "recitation", "prohibited_content": return "content_filter"
        case "tool_calls", "tool_use", "function_call": return "tool_calls"
        default: return "stop"
        }
    }
}
