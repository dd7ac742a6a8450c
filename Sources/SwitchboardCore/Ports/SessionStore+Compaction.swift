import Foundation

/// A store that cannot keep summaries says so rather than dropping one: the front end then reports that the
/// session will reopen with its original turns.
public struct CompactionNotKept: Error, CustomStringConvertible {
    public var description: String { "this session store does not keep compaction summaries" }
}

extension SessionStore {
    /// For stores that keep no summaries (in-memory test stores): refuses, so nothing is lost silently.
    public func recordCompaction(_ compaction: SessionCompaction, session: UUID) async throws {
        throw CompactionNotKept()
    }
}
