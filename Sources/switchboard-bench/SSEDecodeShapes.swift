import Foundation
import SwitchboardCore

/// What one reply of a benchmark stream says once decoded, written down while the stream is generated, so the
/// benchmark can refuse a decoder that loses or garbles anything.
struct ExpectedReply {
    struct Call {
        var id: String
        var name: String
        /// The arguments as JSON text; compared as JSON values (Gemini's decoder re-serialises the object).
        var arguments: String
    }
    var text = ""
    var reasoning = ""
    var signatures: [String] = []
    var calls: [Call] = []
    var finishReason: String
}

/// One stream shape: a reply's SSE bytes (one decoder serves it), how many SSE events it holds, and what it says.
struct SSEShape {
    var name: String
    var wire: WireProtocol
    var reply: [UInt8]
    var sseEvents: Int
    var expected: ExpectedReply
}

/// Realistic replies of each protocol with the content issue 11 added: tool-call arguments split mid-JSON
/// (mid-string, between a backslash and what it escapes, inside a multi-byte character's neighbourhood) and
/// thinking with its signature.
enum SSEDecodeShapes {
    static let all: [SSEShape] = [openAIText(), openAITools(), openAIReasoning(), anthropicThinking(),
                                  anthropicTools(), geminiThinkingTools()]

    private static let words = ["The", " quick", " brown", " fox", " jumps", " over", " the", " lazy", " dog", ".", "\n\n",
                                " café", " naïve", " 世界", " 👩‍💻", " \"quoted\"", " {json}", " 42", " result", " —"]
    private static let thoughts = ["Let", " me", " check", " the", " file", " first", ";", " the", " user", " wants",
                                   " `parse()`", " to", " handle", " \"quoted\"", " paths", " like", " C:\\tmp", ".", "\n",
                                   " Étape", " 2", ":", " 検索", " then", " edit", "."]

    /// Argument sizes of successive fragments: a fragment boundary lands everywhere, escapes included.
    private static let fragmentSizes = [1, 3, 7, 12, 25, 4, 9, 2, 16]

    static let signature = String(repeating: "EqQBCkgIARABGAIiQL7kXh3vZ0Yd9Qm5Rz8pWc2Nf1tKj6aA4sLbV0eUuIiOoP", count: 6)

    // MARK: OpenAI Chat Completions

    private static let openAIHead = #"{"id":"chatcmpl-AbC123xYz","object":"chat.completion.chunk","created":1731000000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0ba0d124f1","choices":[{"index":0,"delta":"#
    private static let openAITail = #","logprobs":null,"finish_reason":null}],"usage":null}"#

    private static func openAIChunk(_ delta: String, head: String = openAIHead) -> String {
        "data: " + head + delta + openAITail + "\n\n"
    }

    /// The finish chunk, the usage chunk (`stream_options.include_usage`) and `[DONE]`.
    private static func openAIEnd(_ head: String, reason: String, usage: String) -> String {
        let envelope = head.components(separatedBy: #""choices":"#).first ?? head
        return "data: " + head + #"{},"logprobs":null,"finish_reason":""# + reason + #""}],"usage":null}"# + "\n\n"
            + "data: " + envelope + #""choices":[],"usage":"# + usage + "}\n\n" + "data: [DONE]\n\n"
    }

    static func openAIText() -> SSEShape {
        var expected = ExpectedReply(finishReason: "stop")
        var body = openAIChunk(#"{"role":"assistant","content":""}"#)
        var events = 1
        for index in 0..<400 {
            let word = words[index % words.count]
            expected.text += word
            body += openAIChunk(#"{"content":""# + escaped(word) + #""}"#)
            events += 1
            if index % 97 == 96 { body += ": keep-alive\n\n" }
        }
        body += openAIEnd(openAIHead, reason: "stop", usage: openAIUsage(reasoning: 0))
        events += 3
        return SSEShape(name: "openai text", wire: .openAIChat, reply: Array(body.utf8), sseEvents: events, expected: expected)
    }

    /// A short preface, then three calls by index (a large edit, a search, a tiny one), arguments in fragments.
    static func openAITools() -> SSEShape {
        var expected = ExpectedReply(finishReason: "tool_calls")
        var body = openAIChunk(#"{"role":"assistant","content":null}"#)
        var events = 1
        for word in ["I'll", " edit", " the", " file", " and", " search", "."] {
            expected.text += word
            body += openAIChunk(#"{"content":""# + escaped(word) + #""}"#)
            events += 1
        }
        for (index, call) in toolCalls(idPrefix: "call_").enumerated() {
            expected.calls.append(call)
            body += openAIChunk(#"{"tool_calls":[{"index":\#(index),"id":"\#(call.id)","type":"function","function":{"name":"\#(call.name)","arguments":""}}]}"#)
            events += 1
            for piece in fragments(call.arguments) {
                body += openAIChunk(#"{"tool_calls":[{"index":\#(index),"function":{"arguments":""# + escaped(piece) + #""}}]}"#)
                events += 1
            }
        }
        body += openAIEnd(openAIHead, reason: "tool_calls", usage: openAIUsage(reasoning: 0))
        events += 3
        return SSEShape(name: "openai tool calls", wire: .openAIChat, reply: Array(body.utf8), sseEvents: events, expected: expected)
    }

    /// DeepSeek's reasoner: `reasoning_content` deltas (content null), then the answer.
    static func openAIReasoning() -> SSEShape {
        let head = #"{"id":"5f0d6c1e-8a3b-4c2d-9e7f-0a1b2c3d4e5f","object":"chat.completion.chunk","created":1731000000,"model":"deepseek-reasoner","system_fingerprint":"fp_7e73fd9a08_prod0425fp8","choices":[{"index":0,"delta":"#
        var expected = ExpectedReply(finishReason: "stop")
        var body = openAIChunk(#"{"role":"assistant","content":null,"reasoning_content":""}"#, head: head)
        var events = 1
        for index in 0..<300 {
            let word = thoughts[index % thoughts.count]
            expected.reasoning += word
            body += openAIChunk(#"{"content":null,"reasoning_content":""# + escaped(word) + #""}"#, head: head)
            events += 1
        }
        for index in 0..<100 {
            let word = words[index % words.count]
            expected.text += word
            body += openAIChunk(#"{"content":""# + escaped(word) + #"","reasoning_content":null}"#, head: head)
            events += 1
        }
        body += openAIEnd(head, reason: "stop", usage: openAIUsage(reasoning: 300))
        events += 3
        return SSEShape(name: "openai reasoning_content", wire: .openAICompatible, reply: Array(body.utf8),
                        sseEvents: events, expected: expected)
    }

    private static func openAIUsage(reasoning: Int) -> String {
        #"{"prompt_tokens":1000,"completion_tokens":400,"total_tokens":1400,"prompt_tokens_details":{"cached_tokens":600},"completion_tokens_details":{"reasoning_tokens":\#(reasoning)}}"#
    }

    // MARK: Anthropic Messages

    private static func anthropicEvent(_ type: String, _ json: String) -> String {
        "event: \(type)\ndata: \(json)\n\n"
    }

    private static func anthropicStart(model: String) -> String {
        anthropicEvent("message_start", #"{"type":"message_start","message":{"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","content":[],"model":"\#(model)","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":1200,"cache_creation_input_tokens":0,"cache_read_input_tokens":900,"output_tokens":1}}}"#)
    }

    private static func anthropicEnd(reason: String) -> String {
        anthropicEvent("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"\#(reason)","stop_sequence":null},"usage":{"output_tokens":410}}"#)
            + anthropicEvent("message_stop", #"{"type":"message_stop"}"#)
    }

    /// Extended thinking: a thinking block of `thinking_delta`s closed by its `signature_delta`, then the answer.
    static func anthropicThinking() -> SSEShape {
        var expected = ExpectedReply(finishReason: "end_turn")
        var body = anthropicStart(model: "claude-sonnet-4-5-20250929")
        body += anthropicEvent("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}"#)
        var events = 2
        for index in 0..<300 {
            let word = thoughts[index % thoughts.count]
            expected.reasoning += word
            body += anthropicEvent("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":""# + escaped(word) + #""}}"#)
            events += 1
            if index % 97 == 96 { body += anthropicEvent("ping", #"{"type": "ping"}"#); events += 1 }
        }
        expected.signatures.append(signature)
        body += anthropicEvent("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"\#(signature)"}}"#)
        body += anthropicEvent("content_block_stop", #"{"type":"content_block_stop","index":0}"#)
        body += anthropicEvent("content_block_start", #"{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}"#)
        events += 3
        for index in 0..<100 {
            let word = words[index % words.count]
            expected.text += word
            body += anthropicEvent("content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":""# + escaped(word) + #""}}"#)
            events += 1
        }
        body += anthropicEvent("content_block_stop", #"{"type":"content_block_stop","index":1}"#)
        body += anthropicEnd(reason: "end_turn")
        events += 3
        return SSEShape(name: "anthropic thinking", wire: .anthropic, reply: Array(body.utf8), sseEvents: events, expected: expected)
    }

    /// A text block, then tool_use blocks whose input streams as `input_json_delta` fragments.
    static func anthropicTools() -> SSEShape {
        var expected = ExpectedReply(finishReason: "tool_calls")
        var body = anthropicStart(model: "claude-sonnet-4-5-20250929")
        body += anthropicEvent("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#)
        var events = 2
        for word in ["I'll", " edit", " the", " file", " and", " search", "."] {
            expected.text += word
            body += anthropicEvent("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":""# + escaped(word) + #""}}"#)
            events += 1
        }
        body += anthropicEvent("content_block_stop", #"{"type":"content_block_stop","index":0}"#)
        events += 1
        for (offset, call) in toolCalls(idPrefix: "toolu_").enumerated() {
            let index = offset + 1
            expected.calls.append(call)
            body += anthropicEvent("content_block_start", #"{"type":"content_block_start","index":\#(index),"content_block":{"type":"tool_use","id":"\#(call.id)","name":"\#(call.name)","input":{}}}"#)
            events += 1
            for piece in fragments(call.arguments) {
                body += anthropicEvent("content_block_delta", #"{"type":"content_block_delta","index":\#(index),"delta":{"type":"input_json_delta","partial_json":""# + escaped(piece) + #""}}"#)
                events += 1
            }
            body += anthropicEvent("content_block_stop", #"{"type":"content_block_stop","index":\#(index)}"#)
            events += 1
        }
        body += anthropicEnd(reason: "tool_use")
        events += 2
        return SSEShape(name: "anthropic tool_use", wire: .anthropic, reply: Array(body.utf8), sseEvents: events, expected: expected)
    }

    // MARK: Gemini

    /// Thought summaries (`thought: true`), answer text, then two whole `functionCall` parts, the first signed.
    static func geminiThinkingTools() -> SSEShape {
        let responseID = "bXlSZXNwb25zZUlkMDAx"
        var expected = ExpectedReply(finishReason: "tool_calls")
        var body = ""
        var events = 0
        func chunk(_ parts: String, finish: Bool = false) -> String {
            let end = finish ? #","finishReason":"STOP""# : ""
            let usage = finish ? #","usageMetadata":{"promptTokenCount":1200,"candidatesTokenCount":380,"thoughtsTokenCount":300,"totalTokenCount":1880,"cachedContentTokenCount":900}"# : ""
            return #"data: {"candidates":[{"content":{"parts":[\#(parts)],"role":"model"}\#(end),"index":0}]\#(usage),"modelVersion":"gemini-2.5-pro","responseId":"\#(responseID)"}"# + "\r\n\r\n"
        }
        for index in 0..<150 {
            let piece = thoughts[index % thoughts.count] + thoughts[(index + 1) % thoughts.count]
            expected.reasoning += piece
            body += chunk(#"{"text":""# + escaped(piece) + #"","thought":true}"#)
            events += 1
        }
        for index in 0..<100 {
            let word = words[index % words.count]
            expected.text += word
            body += chunk(#"{"text":""# + escaped(word) + #""}"#)
            events += 1
        }
        let calls = toolCalls(idPrefix: "").prefix(2)
        var parts: [String] = []
        for (index, call) in calls.enumerated() {
            let signed = index == 0 ? #","thoughtSignature":"\#(signature)""# : ""
            parts.append(#"{"functionCall":{"name":"\#(call.name)","args":\#(call.arguments)}\#(signed)}"#)
            expected.calls.append(ExpectedReply.Call(id: "call_\(responseID)_\(index)", name: call.name, arguments: call.arguments))
        }
        expected.signatures.append(signature)
        body += chunk(parts.joined(separator: ","), finish: true)
        events += 1
        return SSEShape(name: "gemini thought + calls", wire: .gemini, reply: Array(body.utf8), sseEvents: events, expected: expected)
    }

    // MARK: Content

    /// A coding agent's calls: a large edit (code with quotes, backslashes, newlines, non-ASCII), a search with
    /// an array and a number, and a call with no arguments. Keys sorted, as Gemini's decoder writes them.
    static func toolCalls(idPrefix: String) -> [ExpectedReply.Call] {
        var code = ""
        for line in 0..<24 {
            code += "    let s\(line) = \"path\\\\to\\\\file \(line)\" // café 世界 \\u00e9 {\"k\": [\(line)]}\n"
        }
        let edit = #"{"new_string":""# + escaped(code + "    return true\n") + #"","old_string":""# + escaped(code)
            + #"","path":"Sources/App/Parser.swift","replace_all":false}"#
        let search = #"{"include":["*.swift","*.md"],"max_results":20,"query":"func parse\\(\"quoted\" naïve"}"#
        return [ExpectedReply.Call(id: idPrefix + "01EditFileAbCdEf0123456789", name: "edit_file", arguments: edit),
                ExpectedReply.Call(id: idPrefix + "02GrepAbCdEf0123456789", name: "grep", arguments: search),
                ExpectedReply.Call(id: idPrefix + "03GitStatusAbCdEf012345", name: "git_status", arguments: "{}")]
    }

    /// The text cut into pieces of varying length on Unicode scalar boundaries (a server never splits a scalar).
    static func fragments(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var pieces: [String] = []
        var start = 0
        var turn = 0
        while start < scalars.count {
            let end = min(scalars.count, start + fragmentSizes[turn % fragmentSizes.count])
            var piece = String.UnicodeScalarView()
            piece.append(contentsOf: scalars[start..<end])
            pieces.append(String(piece))
            start = end
            turn += 1
        }
        return pieces
    }

    /// `text` as the inside of a JSON string literal.
    static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
