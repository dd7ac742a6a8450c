import Foundation
import SwitchboardCore

/// A turn's events, from the task that runs it to the response that shows them. The reader takes every event
/// that has arrived in one call, so a burst of streamed chunks goes out in one write (one syscall for `serve`,
/// one read for its client) instead of one each; it waits only when nothing has arrived. One reader at a time.
final class TurnEventChannel: @unchecked Sendable {
    private let lock = NSLock()
    private var buffered: [EngineEvent] = []
    private var finished = false
    private var reader: CheckedContinuation<[EngineEvent], Never>?

    func yield(_ event: EngineEvent) {
        let waiting: CheckedContinuation<[EngineEvent], Never>? = lock.withLock {
            guard !finished else { return nil }
            guard let reader else {
                buffered.append(event)
                return nil
            }
            self.reader = nil
            return reader
        }
        waiting?.resume(returning: [event])
    }

    /// No more events: the reader gets what is left, then an empty batch.
    func finish() {
        let waiting: CheckedContinuation<[EngineEvent], Never>? = lock.withLock {
            finished = true
            defer { reader = nil }
            return reader
        }
        waiting?.resume(returning: [])
    }

    /// Every event that arrived since the last call, waiting for one when none has; empty once the turn has
    /// no more.
    func next() async -> [EngineEvent] {
        await withCheckedContinuation { continuation in
            let ready: [EngineEvent]? = lock.withLock {
                if !buffered.isEmpty {
                    defer { buffered = [] }
                    return buffered
                }
                if finished { return [] }
                reader = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}

/// Reads a turn's events one at a time, in order, across the two halves of a streamed response: the route reads
/// up to the first answer byte (to choose the status and headers), the body writer reads the rest and writes
/// when `hasBuffered` says nothing more has arrived. Used by one reader at a time, never concurrently.
final class EngineEventCursor: @unchecked Sendable {
    private let channel: TurnEventChannel
    private var batch: [EngineEvent] = []
    private var position = 0

    init(_ channel: TurnEventChannel) {
        self.channel = channel
    }

    /// True when the next event has already arrived (`next` will not wait).
    var hasBuffered: Bool { position < batch.count }

    func next() async -> EngineEvent? {
        if position == batch.count {
            batch = await channel.next()
            position = 0
            if batch.isEmpty { return nil }
        }
        position += 1
        return batch[position - 1]
    }
}
