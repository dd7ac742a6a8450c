import Foundation
import GRDB

/// How much disk the database takes against the text it holds.
public struct StoreFootprint: Sendable, Hashable {
    public var fileBytes: Int64
    public var walBytes: Int64
    /// UTF-8 bytes of every message's text.
    public var textBytes: Int64
    public var messages: Int
    public var sessions: Int
    public var pageSize: Int

    /// Database file (and WAL) over raw text; 1.0 would be the text alone.
    public var ratio: Double { textBytes == 0 ? 0 : Double(fileBytes + walBytes) / Double(textBytes) }
}

extension SQLiteStore {
    /// Measures the files; with `checkpoint`, first moves the WAL into the database file and truncates it.
    public func footprint(checkpoint: Bool = true) throws -> StoreFootprint {
        if checkpoint { try truncateWAL() }
        let (text, messages, sessions, pageSize) = try connections.read { db in
            (try Int64.fetchOne(db, sql: "SELECT coalesce(sum(length(CAST(text AS BLOB))), 0) FROM messages") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM messages") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM sessions") ?? 0,
             try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0)
        }
        func size(_ path: String) -> Int64 {
            ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
        }
        return StoreFootprint(fileBytes: size(url.path), walBytes: size(url.path + "-wal"), textBytes: text,
                              messages: messages, sessions: sessions, pageSize: pageSize)
    }

    /// A TRUNCATE checkpoint reports "busy" instead of waiting when another connection (the background
    /// checkpoint, search's reader) is in the WAL at that moment: tried again for up to a second.
    private func truncateWAL() throws {
        for _ in 0..<50 {
            let busy = try connections.writeWithoutTransaction { db in
                try Int.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") ?? 0
            }
            if busy == 0 { return }
            usleep(20_000)
        }
    }
}
