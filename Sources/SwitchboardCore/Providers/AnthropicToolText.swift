import Foundation

/// Tool calls and results written as plain text, for a request that defines no tools: the Messages API refuses
/// `tool_use` and `tool_result` blocks then ("Requests which include tool_use or tool_result blocks must define
/// tools"), which happens when a session that used tools goes on without them (the workbench, `ask --session`
/// without `--tools`). The words stay in their turns so the model still sees what was called and answered.
enum AnthropicToolText {
    /// `[called get_time({"tz":"UTC"})]`
    static func call(_ call: ToolCall) -> String {
        "[\(call.inWords)]"
    }

    /// `[get_time returned: 12:00]`, or `failed` for an error result; the name comes from the result or its call.
    static func result(_ result: ToolResult, names: [String: String]) -> String {
        let name = result.name ?? names[result.callID] ?? "tool \(result.callID)"
        return "[\(name) \(result.isError ? "failed" : "returned"): \(result.text)]"
    }

    /// Each call's tool name by call id, for results that do not carry the name.
    static func names(in messages: [ChatMessage]) -> [String: String] {
        var names: [String: String] = [:]
        for message in messages where message.role == .assistant {
            for call in message.toolCalls { names[call.id] = call.name }
        }
        return names
    }

    /// How many calls and results a request without tools carries as text; zeros when it defines tools.
    static func flattened(_ request: ChatRequest) -> (calls: Int, results: Int) {
        guard !AnthropicRequestBody.definesTools(request.options) else { return (0, 0) }
        var calls = 0
        var results = 0
        for message in request.messages {
            for part in message.parts {
                switch part {
                case .toolCall: calls += 1
                case .toolResult: results += 1
                default: continue
                }
            }
        }
        return (calls, results)
    }

    /// The notice for `historyNotes`, nil when nothing went as text.
    static func note(_ request: ChatRequest) -> String? {
        let (calls, results) = flattened(request)
        guard calls + results > 0 else { return nil }
        let counted = [(calls, "tool call"), (results, "tool result")].filter { $0.0 > 0 }
            .map { "\($0.0) \($0.1)\($0.0 == 1 ? "" : "s")" }.joined(separator: " and ")
        return "\(counted) sent as text: this request offers no tools, and Anthropic refuses tool blocks without them"
    }
}
