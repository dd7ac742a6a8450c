import Foundation
import SwitchboardCore

/// What the next request carries beyond the transcript, and how the workbench keeps it small: the summary sent in
/// place of older turns (`/compact`), the compaction being written, and `[context]` settings.
public struct ContextState: Equatable, Sendable {
    /// The transcript entry id no compaction turn streams into (ids start at 1).
    static let noEntry = 0

    /// `[context] auto_compact_at`: compact first when a turn would fill more than this share of the model's
    /// context window; nil never compacts by itself.
    public var autoCompactAt: Double?
    /// `[context] compact_model`: who writes summaries; nil picks the cheapest available model.
    public var compactModel: String?
    /// The summary sent in place of the turns up to the reply of its `throughTurn`; it applies only while that
    /// reply is in the transcript (not in another session, nor on a branch made before it).
    public var summary: SessionCompaction?
    /// The compaction being written now (its turn is in `AppState.turns`, so Ctrl-C and quitting see it).
    public var inFlight: InFlight?
    /// Set while a held message is sent after its compaction: it goes as it is, even if that compaction failed.
    var sendingHeld = false

    public struct InFlight: Equatable, Sendable {
        public var turn: UUID
        public var plan: Compaction.Plan
        public var model: String
        /// A message held back until the summary is in (automatic compaction): sent right after, either way.
        public var heldMessage: HeldMessage?
    }

    /// A draft and its files, taken out of the message box while the compaction before it runs.
    public struct HeldMessage: Equatable, Sendable {
        public var text: String
        public var attachments: [Attachment]
    }

    public init(autoCompactAt: Double? = nil, compactModel: String? = nil) {
        self.autoCompactAt = autoCompactAt
        self.compactModel = compactModel
    }
}
