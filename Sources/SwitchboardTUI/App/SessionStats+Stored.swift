import SwitchboardCore

extension SessionStats {
    /// The figures of a session read back: every reply it holds counts, the versions off the path shown included
    /// (a regenerated or edited-away answer cost what it cost, as the sidebar said while it streamed), in the
    /// order they were written; a compaction's summary counts after the turn it runs through. Failed replies are
    /// left out, as they are when they happen.
    static func stored(from session: LoadedSession) -> SessionStats {
        var stats = SessionStats()
        let replies = session.tree.isEmpty
            ? session.messages + session.comparison
            : session.tree.messages.sorted { $0.id.rawValue < $1.id.rawValue }
        for message in replies where message.role == .assistant {
            if message.status != .failed { stats.recordStoredTurn(cost: message.cost, ttft: message.ttft) }
            if let compaction = session.compaction, message.turnID == compaction.throughTurn,
               session.messages.contains(where: { $0.id == message.id }) {
                stats.recordStoredTurn(cost: compaction.cost, ttft: nil)
            }
        }
        return stats
    }
}
