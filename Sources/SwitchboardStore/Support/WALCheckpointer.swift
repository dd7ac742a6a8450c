import Foundation
import GRDB

/// Copies the WAL back into the database file in the background, on a connection of its own, shortly after
/// commits, so the commit that takes the WAL to the writer's automatic checkpoint (`writerBoundPages`) finds nearly
/// all of it copied already.
///
/// Why: that commit used to copy all 1,000 pages before it returned. Through `serve` that was one request in forty
/// waiting 10-15 ms, the whole of its p99 (measured: +12.4 ms added at p99 with it, +3.4 ms with no automatic
/// checkpoint). The automatic checkpoint stays on as the bound: only a checkpoint run by the writer between its own
/// commits lets the WAL start over, and with automatic checkpoints off a busy writer grew it without end (86 MB in
/// one benchmark run). At 4,000 pages it comes a quarter as often as SQLite's 1,000, under one `serve` request in
/// a hundred (p99: +5.5 ms added at 1,000 pages).
///
/// Nothing is checkpointed once the store has seen damage (a damaged file is never written). If a checkpoint
/// fails, no more are tried here (the writer's automatic checkpoint goes on) and `onFailure` hears why, so damage
/// is recorded. The failure is kept for `failure`.
final class WALCheckpointer: @unchecked Sendable {
    /// How long after a commit the checkpoint runs: commits in between share it.
    static let delay: DispatchTimeInterval = .milliseconds(100)
    /// The writer's `wal_autocheckpoint`: 64 MiB of WAL at our page size.
    static let writerBoundPages = 4_000
    /// `journal_size_limit`: the size the WAL file is cut back to when it starts over, above what the bound lets it
    /// reach (4,000 frames of a 16 KiB page and its 24-byte header: 62.6 MiB). At 32 MiB, every restart under
    /// `serve`'s load truncated the file from 64 MiB, 8 ms inside a commit, once every 800 commits.
    static let walSizeLimitBytes = 72 * 1_048_576

    private let path: String
    private let queue = DispatchQueue(label: "switchboard.store.checkpoint")
    private let lock = NSLock()
    private var scheduled = false
    private var closed = false
    private var connection: DatabaseQueue?
    private var failed: (any Error)?
    private let isDamaged: @Sendable () -> Bool
    private let onFailure: @Sendable (any Error) -> Void

    private let delayAfterCommit: DispatchTimeInterval

    /// `isDamaged` says whether the store has seen damage.
    init(path: String, delay: DispatchTimeInterval = WALCheckpointer.delay, isDamaged: @escaping @Sendable () -> Bool,
         onFailure: @escaping @Sendable (any Error) -> Void) {
        self.path = path
        self.delayAfterCommit = delay
        self.isDamaged = isDamaged
        self.onFailure = onFailure
    }

    /// The first checkpoint that failed, if any (the writer then checkpoints by itself again).
    var failure: (any Error)? { lock.withLock { failed } }

    /// A transaction was committed: a checkpoint runs shortly, once for every commit up to then.
    func committed() {
        let schedule = lock.withLock {
            guard !scheduled, !closed, failed == nil else { return false }
            scheduled = true
            return true
        }
        guard schedule else { return }
        queue.asyncAfter(deadline: .now() + delayAfterCommit) { [self] in checkpoint() }
    }

    /// Waits for a checkpoint in progress and closes the connection; later commits schedule nothing.
    func close() throws {
        let connection = lock.withLock {
            closed = true
            return self.connection
        }
        try queue.sync { try connection?.close() }
    }

    /// Runs a scheduled checkpoint now, on the caller's thread (tests).
    func checkpointNow() {
        queue.sync { checkpoint() }
    }

    private func checkpoint() {
        let connection: DatabaseQueue?
        do {
            connection = try lock.withLock { () throws -> DatabaseQueue? in
                scheduled = false
                guard !closed else { return nil }
                if self.connection == nil {
                    var configuration = GRDB.Configuration()
                    configuration.label = "switchboard.checkpoint"
                    self.connection = try DatabaseQueue(path: path, configuration: configuration)
                }
                return self.connection
            }
            guard let connection, !isDamaged() else { return }
            try connection.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(PASSIVE)") }
        } catch {
            lock.withLock { if failed == nil { failed = error } }
            onFailure(error)
        }
    }
}
