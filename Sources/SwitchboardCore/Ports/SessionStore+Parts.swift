import Foundation

extension SessionStore {
    /// For stores that keep text only (in-memory test stores): the prompt's visible text. The SQLite store keeps
    /// every part.
    public func commitPrompt(session: UUID, turn: UUID, message: ChatMessage) async throws {
        try await commitPrompt(session: session, turn: turn, text: message.text)
    }
}
