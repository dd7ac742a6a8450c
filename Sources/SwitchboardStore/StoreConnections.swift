import Foundation
import GRDB

/// The store's way into its file: one writing connection (none when read-only) and read-only readers.
///
/// Why not a GRDB `DatabasePool`: opening one runs `CREATE TABLE grdb_issue_102; DROP TABLE grdb_issue_102`
/// whenever the WAL file is missing or empty, which it is after every clean close. That changed the schema cookie
/// on every open (even `history list`) and made concurrent processes fail with "no such table". Here opening runs
/// no DDL: the only schema changes are migrations.
///
/// Every call goes through `guarded`: SQLITE_CORRUPT or SQLITE_NOTADB, whenever it appears, becomes
/// `StoreError.corrupt`, and from then on this store refuses every write, so a damaged file is not written again.
final class StoreConnections: Sendable {
    let path: String
    private let writer: DatabaseQueue?
    private let groupCommit: GroupCommit?
    private let checkpointer: WALCheckpointer?
    private let readerSource: ReaderSource
    /// Full-text search's own reader, its file memory-mapped (`SQLiteStore.searchConfiguration`); nil: the readers.
    private let searchSource: ReaderSource?
    private let damage: DamageLatch
    /// Search indexing a group commit makes at its end (`DeferredSearchIndex`).
    let deferredSearch = DeferredSearchIndex()

    init(path: String, writer: DatabaseQueue?, readers: any DatabaseReader,
         openSearch: (@Sendable () throws -> any DatabaseReader)? = nil) {
        self.path = path
        self.writer = writer
        self.damage = DamageLatch()
        self.groupCommit = writer.map { [deferredSearch] in GroupCommit(writer: $0, beforeCommit: deferredSearch.indexHeld) }
        self.checkpointer = nil
        self.readerSource = ReaderSource(opened: readers)
        self.searchSource = openSearch.map(ReaderSource.init(open:))
    }

    /// A writable store opens its readers at the first read: `ask` and `serve` record turns without reading
    /// history, and opening a pool costs a connection and a schema parse (a third of opening the store).
    /// Its WAL is checkpointed in the background too (`WALCheckpointer`).
    init(path: String, writer: DatabaseQueue, checkpointDelay: DispatchTimeInterval = WALCheckpointer.delay,
         openSearch: (@Sendable () throws -> any DatabaseReader)? = nil,
         openReaders: @escaping @Sendable () throws -> any DatabaseReader) {
        let damage = DamageLatch()
        let checkpointer = WALCheckpointer(path: path, delay: checkpointDelay, isDamaged: { damage.value != nil }) { error in
            if let error = error as? DatabaseError, Self.isDamage(error) {
                damage.record(.corrupt(path: path, detail: Self.detail(error)))
            }
        }
        self.path = path
        self.writer = writer
        self.damage = damage
        self.checkpointer = checkpointer
        self.groupCommit = GroupCommit(writer: writer, beforeCommit: deferredSearch.indexHeld) { checkpointer.committed() }
        self.readerSource = ReaderSource(open: openReaders)
        self.searchSource = openSearch.map(ReaderSource.init(open:))
    }

    /// The background checkpoint that failed, if one did (the writer's automatic checkpoint goes on).
    var checkpointFailure: (any Error)? { checkpointer?.failure }

    /// Runs the background checkpoint now (tests).
    func checkpointNow() { checkpointer?.checkpointNow() }

    /// Whether the readers are open yet (tests).
    var readersAreOpen: Bool { readerSource.openedReaders != nil }

    private var readers: any DatabaseReader {
        get throws { try readerSource.readers() }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try guarded { try readers.read(body) }
    }

    /// Reads through search's own reader (opened at the first search), or the readers when there is none.
    func searchRead<T>(_ body: (Database) throws -> T) throws -> T {
        guard let searchSource else { return try read(body) }
        return try guarded { try searchSource.readers().read(body) }
    }

    func searchRead<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        guard let searchSource else { return try await read(body) }
        return try await guarded { try await searchSource.readersOffThePool().read(body) }
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T {
        let result = try guarded { try requireWriter().write(body) }
        checkpointer?.committed()
        return result
    }

    func writeWithoutTransaction<T>(_ body: (Database) throws -> T) throws -> T {
        try guarded { try requireWriter().writeWithoutTransaction(body) }
    }

    /// Async twins, for callers that must not block the cooperative pool.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await guarded { try await readerSource.readersOffThePool().read(body) }
    }

    /// Committed with whatever other async writes are waiting (`GroupCommit`); a write that fails is rolled back
    /// alone. `body` may run twice (its batch is run again when another write in it fails): it only touches `db`.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await write(evenIfCancelled: false, body)
    }

    /// A write that a cancelled caller still needs done (an attempt's start and end, releasing a budget hold).
    /// `lingering`: nothing waits for it (writes made behind an answer); it may wait for others to share its
    /// commit (`GroupCommit.linger`).
    func writeEvenIfCancelled<T: Sendable>(lingering: Bool = false,
                                           _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await write(evenIfCancelled: true, lingering: lingering, body)
    }

    private func write<T: Sendable>(evenIfCancelled: Bool, lingering: Bool = false,
                                    _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await guarded {
            _ = try requireWriter()
            guard let groupCommit else { throw StoreError.readOnly(path: path) }
            return try await groupCommit.write(evenIfCancelled: evenIfCancelled, lingering: lingering, body)
        }
    }

    /// Reads through the writing connection: what a writer must see before it writes (migrations, classification).
    func readFromWriter<T>(_ body: (Database) throws -> T) throws -> T {
        try guarded { try requireWriter().read(body) }
    }

    var databaseWriter: DatabaseQueue? { writer }

    func close() throws {
        if let search = searchSource?.openedReaders as? DatabaseQueue { try search.close() }
        let readers = readerSource.openedReaders
        if let readers = readers as? DatabasePool { try readers.close() }
        if let readers = readers as? DatabaseQueue, readers !== writer { try readers.close() }
        // The writer last: the last connection to close checkpoints what is left and removes the WAL.
        try checkpointer?.close()
        try writer?.close()
    }

    /// The damage seen so far, if any.
    var damaged: StoreError? { damage.value }

    private func requireWriter() throws -> DatabaseQueue {
        if let seen = damage.value { throw seen }
        guard let writer else { throw StoreError.readOnly(path: path) }
        return writer
    }

    private func guarded<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError where Self.isDamage(error) {
            let damaged = StoreError.corrupt(path: path, detail: Self.detail(error))
            damage.record(damaged)
            throw damaged
        }
    }

    private func guarded<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as DatabaseError where Self.isDamage(error) {
            let damaged = StoreError.corrupt(path: path, detail: Self.detail(error))
            damage.record(damaged)
            throw damaged
        }
    }

    static func isDamage(_ error: DatabaseError) -> Bool {
        [ResultCode.SQLITE_NOTADB, .SQLITE_CORRUPT].contains(error.resultCode)
    }

    /// SQLite's own words, without the SQL statement GRDB appends (a multi-line dump is no use to a person).
    static func detail(_ error: DatabaseError) -> String {
        error.message ?? "database disk image is malformed"
    }
}

/// The readers, opened once: at once, or by the first read that needs them.
private final class ReaderSource: @unchecked Sendable {
    private enum State {
        case opened(any DatabaseReader)
        case pending(@Sendable () throws -> any DatabaseReader)
    }

    private let lock = NSLock()
    private var state: State

    init(opened: any DatabaseReader) {
        state = .opened(opened)
    }

    init(open: @escaping @Sendable () throws -> any DatabaseReader) {
        state = .pending(open)
    }

    func readers() throws -> any DatabaseReader {
        try lock.withLock {
            switch state {
            case .opened(let readers):
                return readers
            case .pending(let open):
                let readers = try open()
                state = .opened(readers)
                return readers
            }
        }
    }

    /// Opening a pool is blocking SQLite work: an async caller waits for it on a dispatch queue, never on a
    /// thread of the cooperative pool.
    func readersOffThePool() async throws -> any DatabaseReader {
        if let readers = openedReaders { return readers }
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try self.readers() })
            }
        }
    }

    /// What is open now, without opening anything (closing a store that never read).
    var openedReaders: (any DatabaseReader)? {
        lock.withLock {
            if case .opened(let readers) = state { return readers }
            return nil
        }
    }
}

/// Set once, read from any thread.
private final class DamageLatch: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: StoreError?

    var value: StoreError? {
        lock.lock()
        defer { lock.unlock() }
        return seen
    }

    func record(_ error: StoreError) {
        lock.lock()
        if seen == nil { seen = error }
        lock.unlock()
    }
}
