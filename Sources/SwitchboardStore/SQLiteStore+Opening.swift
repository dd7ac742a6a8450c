import Foundation
import GRDB

/// How a store opens its file. Opening an up-to-date database changes nothing in it: no DDL (migrations are the
/// only schema changes), no journal switch (a database is put in WAL mode once, when it is created), and no page
/// size change.
extension SQLiteStore {
    static func openWritable(path: String, url: URL) throws -> StoreConnections {
        do {
            if try StoreFiles.prepare(url) == .existing {
                try inspectReadOnly(path: path)
            }
            let writer = try retryingWhileLocked { try DatabaseQueue(path: path, configuration: configuration()) }
            // An existing file was classified above, before anything could switch its journal; a new one may be
            // being created by another process right now, and is only read once it is in WAL mode.
            try retryingWhileLocked { try writer.writeWithoutTransaction { db in try useWAL(db, path: path) } }
            try writer.read { db in try classify(db, path: path) }
            if try !writer.read(StoreSchema.isUpToDate) {
                try migrate(writer)
            }
            try writer.writeWithoutTransaction { db in
                // The background checkpoint copies the WAL; this bound lets it start over (`WALCheckpointer`).
                try db.execute(sql: "PRAGMA wal_autocheckpoint = \(WALCheckpointer.writerBoundPages)")
                // Savepoints and statement journals (a statement whose triggers write, a group commit run again
                // write by write) keep undo copies of 16 KiB pages, which SQLite moves to a new temporary file past
                // 64 KiB: `serve` created and deleted one per request. Set after the migrations, whose index builds
                // may sort more than is worth holding in memory.
                try db.execute(sql: "PRAGMA temp_store = MEMORY")
            }
            // The writer stays open, so the WAL and its index exist for the read-only readers.
            return StoreConnections(path: path, writer: writer, openSearch: { try searchReader(path) }) {
                try DatabasePool(path: path, configuration: readerConfiguration())
            }
        } catch {
            throw translate(error, path: path)
        }
    }

    /// Opens nothing for writing and creates nothing. A missing (or empty) file reads as an empty history; a file
    /// from an older Switchboard is read through a migrated copy in memory, since upgrading it would be a write.
    static func openReadOnly(path: String, url: URL) throws -> StoreConnections {
        do {
            guard case .present(.existing) = try StoreFiles.inspect(url) else {
                return StoreConnections(path: path, writer: nil, readers: try emptyInMemory())
            }
            let readers = try DatabasePool(path: path, configuration: readerConfiguration())
            try readers.read { db in try classify(db, path: path) }
            if try readers.read(StoreSchema.isUpToDate) {
                return StoreConnections(path: path, writer: nil, readers: readers, openSearch: { try searchReader(path) })
            }
            let copy = try DatabaseQueue(configuration: configuration())
            try readers.backup(to: copy)
            try readers.close()
            try StoreSchema.migrator.migrate(copy)
            return StoreConnections(path: path, writer: nil, readers: copy)
        } catch {
            throw translate(error, path: path)
        }
    }

    /// Search's reader on the file (`searchConfiguration`), opened at the first search.
    private static func searchReader(_ path: String) throws -> DatabaseQueue {
        try DatabaseQueue(path: path, configuration: searchConfiguration())
    }

    private static func emptyInMemory() throws -> DatabaseQueue {
        let queue = try DatabaseQueue(configuration: configuration())
        try StoreSchema.migrator.migrate(queue)
        return queue
    }

    /// WAL lets readers in other processes work while one writes. Set once, when the file is new: 16 KiB pages
    /// first (long messages waste less of each page: 4 KiB pages made the file 15% larger; 32 KiB saved 2% more
    /// but made storing a turn 45% slower). A file already in WAL mode is left as it is.
    private static func useWAL(_ db: Database, path: String) throws {
        guard try String.fetchOne(db, sql: "PRAGMA journal_mode") != "wal" else { return }
        if try Int.fetchOne(db, sql: "PRAGMA page_count") == 0 {
            try db.execute(sql: "PRAGMA page_size = 16384")
        }
        guard try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") == "wal" else {
            throw StoreError.cannotOpen(path: path, detail: "could not switch it to WAL mode")
        }
    }

    /// Switching a new file to WAL needs a moment alone with it; SQLite reports "locked" at once, without waiting,
    /// when another process is doing the same. Retry for up to the busy timeout.
    private static func retryingWhileLocked<T>(_ body: () throws -> T) throws -> T {
        let deadline = Date().addingTimeInterval(busyTimeout)
        while true {
            do {
                return try body()
            } catch let error as DatabaseError
                        where [.SQLITE_BUSY, .SQLITE_LOCKED].contains(error.resultCode) && Date() < deadline {
                usleep(20_000)
            }
        }
    }
}
