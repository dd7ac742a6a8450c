import Foundation
import GRDB
import SwitchboardCore

/// Sessions, messages, attempts and budgets in one SQLite file (WAL), safe to share between processes: several
/// `ask` runs and the TUI may write at once. Every write is one short IMMEDIATE transaction; a writer that finds
/// the database busy waits up to `busyTimeout` instead of failing.
///
/// Every front end uses it through Core's ports (`SessionStore`, `Ledger`, `BudgetLedger` and the command line's
/// `HistoryDatabase`), which go through GRDB's async reads and writes, so a busy database suspends the caller
/// instead of blocking the cooperative pool. The synchronous methods remain for tests and benchmarks; they are
/// thread-safe (one writing connection, read-only readers). Opening validates before anything is written: a file
/// that is not SQLite, is damaged, belongs to another program, or was written by a newer Switchboard is refused and
/// left byte for byte as it was.
public final class SQLiteStore: Sendable {
    /// Read-only commands (history list/show/search/export, spend, stats, health, route) open with `.readOnly`:
    /// the file is opened read-only, nothing is created when it is missing (the store is then empty), and every
    /// write throws `StoreError.readOnly`.
    public enum Access: Sendable, Equatable {
        case readWrite
        case readOnly
    }

    public let url: URL
    public let access: Access
    let connections: StoreConnections

    public static let busyTimeout: TimeInterval = 5
    /// Each reader's page cache, in SQLite's negative-KiB form (see `readerConfiguration`).
    static let readerCacheKiB = -1024

    /// Opens the database at `url`. With `.readWrite` (the default), creates it (and its directory) when missing and
    /// migrates it; opening an up-to-date database writes nothing. Throws `StoreError`.
    public init(url: URL, access: Access = .readWrite) throws {
        self.url = url
        self.access = access
        switch access {
        case .readWrite: connections = try Self.openWritable(path: url.path, url: url)
        case .readOnly: connections = try Self.openReadOnly(path: url.path, url: url)
        }
    }

    /// Closes every connection; later calls fail. Deinit does the same.
    public func close() throws {
        try connections.close()
    }

    /// The writer's connection settings: per-connection pragmas only, nothing that writes to the file.
    static func configuration() -> GRDB.Configuration {
        var configuration = GRDB.Configuration()
        configuration.label = "switchboard"
        configuration.busyMode = .timeout(busyTimeout)
        configuration.prepareDatabase { db in
            db.add(tokenizer: SearchTokenizer.self)
            guard !db.configuration.readonly else { return }
            try db.execute(sql: "PRAGMA journal_size_limit = \(WALCheckpointer.walSizeLimitBytes)")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        return configuration
    }

    /// Read-only readers: see what writers committed, can never write.
    static func readerConfiguration() -> GRDB.Configuration {
        var configuration = configuration()
        configuration.readonly = true
        configuration.maximumReaderCount = 4
        // SQLite's page caches share one budget, the sum of every open connection's cache_size: with the default
        // (2 MB each) the readers' idle connections let the writer's cache grow to several times its own 2 MB
        // (resident memory of the workbench with a long session open). 1 MiB each is the trade: at 256 KiB a
        // search re-read most of the index from the OS on every run (a common word: 1,768 page reads against 48;
        // CJK: 4,573 against 711, counted with strace over the store benchmark), more than with 7b8cbb8's pool.
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA cache_size = \(readerCacheKiB)")
        }
        return configuration
    }

    /// Search's reader: a reader whose file is memory-mapped (up to `searchMapBytes`), so the index pages a search
    /// walks are read in place rather than copied through a 1 MiB page cache. Every search was 3-11% faster than
    /// with the plain readers; only search maps, because mapped pages count as the process's memory (mapping every
    /// reader took the workbench with a 10,000-message session open from 96 to 107 MB).
    static func searchConfiguration() -> GRDB.Configuration {
        var configuration = readerConfiguration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA mmap_size = \(searchMapBytes)")
        }
        return configuration
    }

    static let searchMapBytes = 256 * 1_048_576

    /// Migrates. Another process may be migrating the same new file at the same moment: a step that fails because
    /// the other got there first is retried from the new state, and success is when every migration is applied.
    static func migrate(_ writer: any DatabaseWriter) throws {
        var failures = 0
        while true {
            do {
                try StoreSchema.migrator.migrate(writer)
                return
            } catch {
                failures += 1
                if try writer.read(StoreSchema.isUpToDate) { return }
                if failures >= 5 { throw error }
            }
        }
    }

    /// Reads the schema through a read-only connection, before the writer could switch the file to WAL.
    static func inspectReadOnly(path: String) throws {
        var configuration = GRDB.Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busyTimeout)
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.read { db in try classify(db, path: path) }
            try queue.close()
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where StoreConnections.isDamage(error) {
            throw translate(error, path: path)
        } catch {
            // A read-only connection cannot recover a WAL left by a crash: the writer checks again.
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

    static func translate(_ error: Error, path: String) -> Error {
        guard let error = error as? DatabaseError else { return error }
        switch error.resultCode {
        case .SQLITE_NOTADB: return StoreError.notADatabase(path: path)
        case .SQLITE_CORRUPT: return StoreError.corrupt(path: path, detail: StoreConnections.detail(error))
        case .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_IOERR, .SQLITE_FULL:
            return StoreError.cannotOpen(path: path, detail: error.message ?? "\(error.resultCode)")
        default: return error
        }
    }
}
