import Foundation

/// The budget holds this instance has taken and not yet settled: the only ones its heartbeat renews. A hold the
/// database still has but the instance no longer knows (its settle was lost: settles commit without waiting for
/// the disk, so a crash of the server can lose the last few) stops being renewed, expires, and is released like
/// a killed instance's.
final class OpenHolds: @unchecked Sendable {
    private let lock = NSLock()
    private var ids: Set<Int64> = []

    func insert(_ id: Int64) { _ = lock.withLock { ids.insert(id) } }

    func remove(_ id: Int64) { _ = lock.withLock { ids.remove(id) } }

    var all: [Int64] { lock.withLock { Array(ids) } }
}
