import Foundation

/// Tool calls no result ever answered, written as text in the message that made them. Every provider refuses a
/// history in which an assistant's tool call is not followed by its result (OpenAI: tool calls "must be followed
/// by tool messages"; Anthropic: every `tool_use` needs its `tool_result`), and such a history is ordinary: a reply
/// that only called tools, continued with `ask --session` or in the workbench, which run no tools.
enum UnansweredToolCalls {
    /// `messages` with each unanswered call turned into `[called NAME(ARGS), not run]`, and how many there were.
    static func closed(_ messages: [ChatMessage]) -> (messages: [ChatMessage], count: Int) {
        var made: Set<String> = []
        var answered: Set<String> = []
        for message in messages {
            for part in message.parts {
                switch part {
                case .toolCall(let call): made.insert(call.id)
                case .toolResult(let result): answered.insert(result.callID)
                default: continue
                }
            }
        }
        let unanswered = made.subtracting(answered)
        guard !unanswered.isEmpty else { return (messages, 0) }
        let closed = messages.map { message -> ChatMessage in
            guard message.role == .assistant, message.toolCalls.contains(where: { unanswered.contains($0.id) }) else {
                return message
            }
            var parts: [ContentPart] = []
            var notes: [String] = []
            for part in message.parts {
                if case .toolCall(let call) = part, unanswered.contains(call.id) {
                    notes.append("[\(call.inWords), not run]")
                } else {
                    parts.append(part)
                }
            }
            parts.append(.text(notes.joined(separator: "\n")))
            return ChatMessage(role: message.role, parts: parts)
        }
        return (closed, unanswered.count)
    }
}

extension ToolCall {
    /// `called get_time({"tz":"UTC"})`: the call as words, for a history that cannot carry it as a call.
    var inWords: String {
        "called \(name)(\(arguments.trimmingCharacters(in: .whitespacesAndNewlines)))"
    }
}
