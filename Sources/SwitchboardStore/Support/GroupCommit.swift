import Foundation
import GRDB

/// Async writes that arrive while the writer is busy are committed together, in one IMMEDIATE transaction, every
/// caller answered only once the transaction has committed. A write that fails is rolled back alone and its caller
/// gets the error: the batch runs first without savepoints (SAVEPOINT and RELEASE cost more than the rest of a
/// small write), and when a write fails, it is rolled back whole and run again with a savepoint a write. So a
/// write's body may run twice; it only touches the database.
///
/// Why: `serve` under 50 concurrent streams made about eight small transactions per request, one after another
/// on the one writing connection, and that connection was the bottleneck (the process used under one core).
/// Each commit writes the WAL frames of every page it touched, so a batch also writes a shared page once instead
/// of once per request. A lone write still commits at once: nothing waits to fill a batch.
final class GroupCommit: @unchecked Sendable {
    /// Bounds how long the last write of a batch waits for the ones before it.
    static let maximumBatch = 64
    /// How long a write nobody waits for (`lingering`) waits for others to share its commit. A commit writes
    /// every page it touched (16 KiB each) to the WAL, and consecutive turns touch the same pages: `serve`'s
    /// sequential turns committed one by one wrote about 200 KiB each. A write that someone waits for still
    /// commits at once, and takes the lingering ones with it.
    static let linger: DispatchTimeInterval = .milliseconds(10)

    private let writer: DatabaseQueue
    private let lingerFor: DispatchTimeInterval
    private let beforeCommit: @Sendable (Database) throws -> Void
    private let committed: @Sendable () -> Void
    private let lock = NSLock()
    private var pending: [Job] = []
    private var draining = false
    private var lingerScheduled = false

    /// `beforeCommit` finishes every batch inside its transaction (search indexing held to its end); when it
    /// fails, the batch is not committed. `committed` runs after every batch that committed (the background
    /// checkpoint).
    init(writer: DatabaseQueue, linger: DispatchTimeInterval = GroupCommit.linger,
         beforeCommit: @escaping @Sendable (Database) throws -> Void = { _ in },
         committed: @escaping @Sendable () -> Void = {}) {
        self.writer = writer
        lingerFor = linger
        self.beforeCommit = beforeCommit
        self.committed = committed
    }

    /// Runs `body` in the next batch and returns its result once the batch has committed. As GRDB's own async
    /// access, a cancelled task starts no write, unless it must be done all the same (`evenIfCancelled`). Once
    /// queued, a write is never withdrawn.
    /// `lingering`: the caller does not hold anything up waiting (writes made behind an answer); the batch may
    /// wait up to `linger` for more writes to commit with.
    func write<T: Sendable>(evenIfCancelled: Bool = false, lingering: Bool = false,
                            _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        if !evenIfCancelled { try Task.checkCancellation() }
        return try await withCheckedThrowingContinuation { continuation in
            let outcome = Outcome<T>()
            enqueue(Job(
                run: { db, inSavepoint in
                    do {
                        if inSavepoint {
                            try db.inSavepoint {
                                outcome.result = .success(try body(db))
                                return .commit
                            }
                        } else {
                            outcome.result = .success(try body(db))
                        }
                        return nil
                    } catch {
                        outcome.result = .failure(error)
                        return error
                    }
                },
                answer: { commitFailure in
                    if let commitFailure {
                        continuation.resume(throwing: commitFailure)
                    } else {
                        continuation.resume(with: outcome.result ?? .failure(GroupCommitError.notRun))
                    }
                }), lingering: lingering)
        }
    }

    /// Writes queued and not yet started (for tests that must know a write is in before the next).
    var waitingCount: Int { lock.withLock { pending.count } }

    private enum Start { case now, afterLinger, no }

    private func enqueue(_ job: Job, lingering: Bool) {
        let start: Start = lock.withLock {
            pending.append(job)
            if draining { return .no }
            if lingering {
                if lingerScheduled { return .no }
                lingerScheduled = true
                return .afterLinger
            }
            draining = true
            return .now
        }
        switch start {
        case .now: writer.asyncWriteWithoutTransaction { [self] db in drain(db) }
        case .afterLinger: DispatchQueue.global().asyncAfter(deadline: .now() + lingerFor) { [self] in lingered() }
        case .no: break
        }
    }

    /// The linger is over: drains what waits, unless a write that could not wait already started that.
    private func lingered() {
        let start: Bool = lock.withLock {
            lingerScheduled = false
            guard !draining, !pending.isEmpty else { return false }
            draining = true
            return true
        }
        if start { writer.asyncWriteWithoutTransaction { [self] db in drain(db) } }
    }

    /// Commits batches until no write is waiting; runs on the writer's queue.
    private func drain(_ db: Database) {
        while let batch = nextBatch() {
            let again = commit(batch, db)
            if !again.isEmpty { lock.withLock { pending.insert(contentsOf: again, at: 0) } }
        }
    }

    /// Commits `batch` and answers its writes; returns the writes that did not run because SQLite rolled the
    /// whole transaction back under an earlier one (disk full, an I/O error, damage), to run in the next batch.
    private func commit(_ batch: [Job], _ db: Database) -> [Job] {
        do {
            try db.beginTransaction(.immediate)
        } catch {
            for job in batch { job.answer(error) }
            return []
        }
        if batch.count == 1, let job = batch.first {
            if let failure = job.run(db, false) {
                rollBack(db)
                job.answer(failure)
                return []
            }
        } else if !batch.allSatisfy({ $0.run(db, false) == nil }) {
            // One failed: none of the batch is kept, and it runs again with a savepoint a write.
            rollBack(db)
            do {
                try db.beginTransaction(.immediate)
            } catch {
                for job in batch { job.answer(error) }
                return []
            }
            for (index, job) in batch.enumerated() {
                let failure = job.run(db, true)
                if let failure, !db.isInsideTransaction {
                    // The writes before this one were lost with it: they fail with the reason.
                    for lost in batch[...index] { lost.answer(failure) }
                    return Array(batch[(index + 1)...])
                }
            }
        }
        do {
            try beforeCommit(db)
            try db.commit()
        } catch {
            // A COMMIT that fails (busy past the timeout) leaves the transaction open: nothing of it is kept.
            rollBack(db)
            for job in batch { job.answer(error) }
            return []
        }
        committed()
        for job in batch { job.answer(nil) }
        return []
    }

    /// Ends the open transaction, if SQLite has not already, keeping nothing of it.
    private func rollBack(_ db: Database) {
        guard db.isInsideTransaction else { return }
        do { try db.rollback() } catch {}
    }

    private func nextBatch() -> [Job]? {
        lock.withLock {
            guard !pending.isEmpty else {
                draining = false
                return nil
            }
            let batch = Array(pending.prefix(Self.maximumBatch))
            pending.removeFirst(batch.count)
            return batch
        }
    }

    private struct Job {
        /// Runs the write (in a savepoint of its own when asked), keeping its result for `answer`; returns its
        /// error, if any.
        let run: (Database, _ inSavepoint: Bool) -> (any Error)?
        /// Answers the caller: with the write's own result, or with the error that stopped the batch committing.
        let answer: (_ commitFailure: (any Error)?) -> Void
    }

    /// One write's result, set on the writer's queue before the caller is answered from the same queue.
    private final class Outcome<T>: @unchecked Sendable {
        var result: Result<T, any Error>?
    }
}

enum GroupCommitError: Error, CustomStringConvertible {
    /// A batch committed without running this write: a bug in `GroupCommit`, never expected.
    case notRun

    var description: String { "the write was not run (internal error in the store's group commit)" }
}
