import Foundation

/// A session archive read and checked, as stored values: what every store's `importArchive` writes in one
/// transaction. Indices point into `messages`.
public struct ArchivedSession: Sendable {
    public var session: StoredSession
    public var messages: [StoredMessage]
    /// Index of each message's parent among `messages`.
    public var parents: [Int?]
    public var turns: [UUID]
    public var attempts: [AttemptRecord]
    /// Index into `messages` of the head, when the archive names one.
    public var head: Int?
    /// Index into `messages` after which replies to the last prompt are columns awaiting a pick.
    public var columnsAfter: Int?
    /// Summaries of older turns, each with the index of the reply it ends with.
    public var compactions: [(through: Int, compaction: SessionCompaction)] = []

    public init(session: StoredSession, messages: [StoredMessage] = [], parents: [Int?] = [], turns: [UUID] = [],
                attempts: [AttemptRecord] = [], head: Int? = nil, columnsAfter: Int? = nil,
                compactions: [(through: Int, compaction: SessionCompaction)] = []) {
        self.session = session
        self.messages = messages
        self.parents = parents
        self.turns = turns
        self.attempts = attempts
        self.head = head
        self.columnsAfter = columnsAfter
        self.compactions = compactions
    }
}

/// The archive format (`history export --format json`): SwitchboardStore owns it (`SessionArchive`), and every
/// store reads and writes archives through it, so one format serves SQLite and PostgreSQL alike.
public protocol SessionArchiveCodec: Sendable {
    /// Deterministic bytes for `detail`.
    func encode(_ detail: SessionDetail) throws -> Data
    /// The archive checked and converted; throws with what is wrong (nothing is stored then).
    func decode(_ archive: Data) throws -> ArchivedSession
}

/// The codec the program installed at start (the command line installs SwitchboardStore's), for stores that
/// cannot import the format's module themselves.
public enum SessionArchiveCodecs {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var current: (any SessionArchiveCodec)?

    public static func install(_ codec: any SessionArchiveCodec) {
        lock.withLock { current = codec }
    }

    public static var installed: (any SessionArchiveCodec)? {
        lock.withLock { current }
    }
}

/// No archive codec was installed: a program that opens a store without SwitchboardStore's format.
public struct SessionArchiveCodecMissing: Error, CustomStringConvertible {
    public init() {}
    public var description: String { "session archives need SwitchboardStore's format, which this program did not install" }
}
