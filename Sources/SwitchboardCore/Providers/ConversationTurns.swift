import Foundation

/// Consecutive same-role messages merged into one turn, system messages left out: Anthropic and Gemini both
/// carry the system prompt outside the turns, expect alternating roles and reject a conversation that opens
/// with the assistant.
enum ConversationTurns {
    struct Turn: Equatable {
        var role: Role
        var text: String
    }

    /// Sent as the first turn when a conversation would start with the assistant (a greeting, a resumed
    /// session): both APIs require a user turn first, and the assistant's words are kept rather than dropped.
    static let leadingUserPlaceholder = "(continuing the conversation)"

    /// The turns to send, starting with a user turn. Empty messages are skipped before merging: both APIs
    /// reject empty text, and skipping one must not leave two same-role turns side by side.
    static func userFirst(_ messages: [ChatMessage]) -> [Turn] {
        var turns: [Turn] = []
        for message in messages where message.role != .system {
            let text = message.text
            guard !text.isEmpty else { continue }
            if let last = turns.last, last.role == message.role {
                turns[turns.count - 1].text = last.text + "\n\n" + text
            } else {
                turns.append(Turn(role: message.role, text: text))
            }
        }
        if turns.first?.role == .assistant {
            turns.insert(Turn(role: .user, text: leadingUserPlaceholder), at: 0)
        }
        return turns
    }
}
