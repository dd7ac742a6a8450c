import Foundation

/// Who said a message. Tool roles join here when tool calls do.
public enum Role: String, Sendable, Codable, Hashable, CaseIterable {
    case system, user, assistant
}

/// One piece of a message's content. Text only for now; images and tool calls become new cases
/// without changing how messages are built or stored.
public enum ContentPart: Sendable, Hashable, Codable {
    case text(String)
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

    /// All text parts joined: what a text-only wire format sends.
    public var text: String {
        parts.map { part in
            switch part {
            case .text(let string): string
            }
        }.joined()
    }
}
