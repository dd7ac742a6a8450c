import Foundation

/// A store that keeps a reply's streamed thinking with its checkpoints, so a crash mid-turn (or a process that
/// is killed) keeps the thinking that arrived as it keeps the text. A store without it checkpoints the text only.
public protocol ReplyPartsCheckpointing: SessionStore {
    /// The streamed text so far, and the reply's parts when it has more than its text (nil: text only).
    func checkpointReply(turn: UUID, text: String, parts: [ContentPart]?) async throws
}
