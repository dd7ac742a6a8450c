import Foundation

/// Who said a message. `tool` carries the results of the assistant's tool calls back to the model.
public enum Role: String, Sendable, Codable, Hashable, CaseIterable {
    case system, user, assistant, tool
}

/// A provider-neutral chat message: what every adapter translates to and from.
public struct ChatMessage: Sendable, Hashable, Codable {
    public var role: Role
    public var parts: [ContentPart]

    public init(role: Role, parts: [ContentPart]) {
        self.role = role
        self.parts = parts
    }

    public init(role: Role, text: String) {
        self.init(role: role, parts: [.text(text)])
    }

    public static func system(_ text: String) -> ChatMessage { ChatMessage(role: .system, text: text) }
    public static func user(_ text: String) -> ChatMessage { ChatMessage(role: .user, text: text) }
    public static func assistant(_ text: String) -> ChatMessage { ChatMessage(role: .assistant, text: text) }

    /// A `tool` message answering one call.
    public static func toolResult(_ result: ToolResult) -> ChatMessage { ChatMessage(role: .tool, parts: [.toolResult(result)]) }

    /// The visible text: text parts joined. Reasoning, tool calls, tool results and attachments are not in it,
    /// so a text-only wire format, the token estimate and the stored transcript see what a person reads.
    public var text: String {
        var joined = ""
        for case .text(let string) in parts { joined += string }
        return joined
    }

    public var toolCalls: [ToolCall] {
        parts.compactMap { if case .toolCall(let call) = $0 { call } else { nil } }
    }

    public var toolResults: [ToolResult] {
        parts.compactMap { if case .toolResult(let result) = $0 { result } else { nil } }
    }

    public var reasoning: [ReasoningPart] {
        parts.compactMap { if case .reasoning(let part) = $0 { part } else { nil } }
    }

    /// True when every part is text: such a message reads and stores exactly as before parts existed.
    public var isTextOnly: Bool {
        parts.allSatisfy { if case .text = $0 { true } else { false } }
    }
}
