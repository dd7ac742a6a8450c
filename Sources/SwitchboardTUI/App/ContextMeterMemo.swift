import Foundation
import SwitchboardCore

/// The context meter's last count of the conversation and what it was counted from. The meter is drawn every
/// frame; counting means building the request and looking up every message, so it is done again only when the
/// conversation, the model, the system prompt, the summary or the options changed, not at each key typed.
public final class ContextMeterMemo: @unchecked Sendable {
    // @unchecked: `last` is read and written under `lock`.
    private let lock = NSLock()
    private var last: (key: Key, count: TokenCount)?
    private var computed = 0

    public init() {}

    /// Everything the conversation's count depends on (the draft is counted on its own, and replies still
    /// streaming are estimated).
    struct Key: Equatable {
        var revision: Int
        var streaming: Set<Int>
        var model: String
        var systemPrompt: String?
        var summary: SessionCompaction?
        var reasoning: ReasoningSetting?
    }

    /// How many times the count was computed rather than reused (tests).
    var misses: Int { lock.withLock { computed } }

    func count(for key: Key, compute: () -> TokenCount) -> TokenCount {
        if let last = lock.withLock({ last }), last.key == key { return last.count }
        let count = compute()
        lock.withLock {
            last = (key, count)
            computed += 1
        }
        return count
    }
}
