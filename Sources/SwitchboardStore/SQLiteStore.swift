import Foundation
import GRDB
import SwitchboardCore

/// Sessions, messages, attempts and budgets in one SQLite file (WAL), safe to share between processes: several
/// `ask` runs and the TUI may write at once. Every write is one short IMMEDIATE transaction; a writer that finds
/// the database busy waits up to `busyTimeout` instead of failing.
///
/// Methods are synchronous and thread-safe (GRDB serialises writes and pools readers); call them from any thread
/// or task. Opening validates before anything is written: a file that is not SQLite, is damaged, belongs to another
/// program, or was written by a newer Switchboard is refused and left byte for byte as it was.
public final class SQLiteStore: Sendable {
    public let url: URL
    let pool: DatabasePool

    public static let busyTimeout: TimeInterval = 5

    /// Opens the database at `url`, creating it (and its directory) when missing, and migrates it. Throws
    /// `StoreError`.
    public init(url: URL) throws {
        self.url = url
        let path = url.path
        if try StoreFiles.prepare(url) == .existing {
            try Self.inspectReadOnly(path: path)
        }
        do {
            pool = try Self.openPool(path: path)
        } catch {
            throw Self.translate(error, path: path)
        }
        do {
            try pool.read { db in try Self.classify(db, path: path) }
            try Self.migrate(pool)
        } catch {
            throw Self.translate(error, path: path)
        }
    }

    /// Closes every connection; later calls fail. Deinit does the same.
    public func close() throws {
        try pool.close()
    }

    /// Switching a new file to WAL needs a moment alone with it; SQLite reports "locked" at once, without waiting,
    /// when another process is doing the same. Retry for up to the busy timeout.
    private static func openPool(path: String) throws -> DatabasePool {
        let deadline = Date().addingTimeInterval(busyTimeout)
        while true {
            do {
                return try DatabasePool(path: path, configuration: configuration())
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && Date() < deadline {
                usleep(20_000)
            }
        }
    }

    static func configuration() -> GRDB.Configuration {
        var configuration = GRDB.Configuration()
        configuration.label = "switchboard"
        configuration.busyMode = .timeout(busyTimeout)
        configuration.maximumReaderCount = 4
        configuration.prepareDatabase { db in
            db.add(tokenizer: SearchTokenizer.self)
            guard !db.configuration.readonly else { return }
            // 16 KiB pages: long messages waste less of each page (4 KiB pages made the file 15% larger; 32 KiB
            // saved 2% more but made storing a turn 45% slower). Only takes effect while the file is still empty.
            try db.execute(sql: "PRAGMA page_size = 16384")
            try db.execute(sql: "PRAGMA journal_size_limit = 33554432")
        }
        return configuration
    }

    /// Migrates. Another process may be migrating the same new file at the same moment: a step that fails because
    /// the other got there first is retried from the new state, and success is when every migration is applied.
    static func migrate(_ pool: DatabasePool) throws {
        var failures = 0
        while true {
            do {
                try StoreSchema.migrator.migrate(pool)
                return
            } catch {
                failures += 1
                if try pool.read({ db in try StoreSchema.migrator.hasCompletedMigrations(db) }) { return }
                if failures >= 5 { throw error }
            }
        }
    }

    /// Reads the schema through a read-only connection, before the pool could switch the file to WAL.
    private static func inspectReadOnly(path: String) throws {
        var configuration = GRDB.Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busyTimeout)
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.read { db in try classify(db, path: path) }
            try queue.close()
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where isDamage(error) {
            throw translate(error, path: path)
        } catch {
            // A read-only connection cannot recover a WAL left by a crash: the writable pool checks again.
        }
    }

    /// Ours (or empty), not someone else's, and not newer than this build.
    static func classify(_ db: Database, path: String) throws {
        let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
            .filter { !$0.hasPrefix("sqlite_") }
        guard !tables.isEmpty else { return }
        let known = StoreSchema.migrator.migrations
        guard tables.contains("grdb_migrations") else { throw StoreError.foreignDatabase(path: path) }
        let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
        // Another process has just begun migrating a new file: nothing but the bookkeeping table yet.
        if applied.isEmpty && tables == ["grdb_migrations"] { return }
        guard let first = known.first, applied.contains(first) else { throw StoreError.foreignDatabase(path: path) }
        let unknown = applied.filter { !known.contains($0) }.sorted()
        if !unknown.isEmpty { throw StoreError.newerSchema(path: path, unknownMigrations: unknown) }
    }

    static func isDamage(_ error: DatabaseError) -> Bool {
        [ResultCode.SQLITE_NOTADB, .SQLITE_CORRUPT].contains(error.resultCode)
    }

    static func translate(_ error: Error, path: String) -> Error {
        guard let error = error as? DatabaseError else { return error }
        switch error.resultCode {
        case .SQLITE_NOTADB: return StoreError.notADatabase(path: path)
        case .SQLITE_CORRUPT: return StoreError.corrupt(path: path, detail: error.message ?? "database disk image is malformed")
        case .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_IOERR, .SQLITE_FULL:
            return StoreError.cannotOpen(path: path, detail: error.message ?? "\(error.resultCode)")
        default: return error
        }
    }
}
