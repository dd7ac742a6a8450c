import Foundation
import NIOCore
import Synchronization

/// Tells a running request that its client went away: the connection's input closed (the client closed its
/// socket) or the connection dropped. Hummingbird alone notices only at the next write, which for a turn still
/// waiting on its first token may be long after; this lets the gateway stop the upstream request at once.
/// One per connection, added to the pipeline after HTTP decoding; a request finds its connection's by the channel
/// (`watching`), without the trip to the event loop that asking the pipeline makes.
final class InboundCloseWatcher: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
    typealias InboundIn = NIOAny

    /// The watchers in a pipeline now, by their channel: from `handlerAdded` to `handlerRemoved` (which closing the
    /// channel runs), so a channel's entry goes before the channel can.
    private static let inPipelines = Mutex<[ObjectIdentifier: InboundCloseWatcher]>([:])

    /// The watcher in `channel`'s pipeline; nil when it has none (or no longer has one: the channel closed).
    static func watching(_ channel: any Channel) -> InboundCloseWatcher? {
        inPipelines.withLock { $0[ObjectIdentifier(channel)] }
    }

    private let lock = NSLock()
    private var closed = false
    private var actions: [Int: @Sendable () -> Void] = [:]
    /// Tokens are only told apart within one connection: a counter does.
    private var lastToken = 0

    /// Runs `action` once when the client goes away (at once if it already has); returns a token for `remove`.
    func onClose(_ action: @escaping @Sendable () -> Void) -> Int {
        let (token, runNow) = lock.withLock { () -> (Int, Bool) in
            lastToken += 1
            if closed { return (lastToken, true) }
            actions[lastToken] = action
            return (lastToken, false)
        }
        if runNow { action() }
        return token
    }

    func remove(_ token: Int) {
        _ = lock.withLock { actions.removeValue(forKey: token) }
    }

    var isClosed: Bool { lock.withLock { closed } }

    func handlerAdded(context: ChannelHandlerContext) {
        let channel = ObjectIdentifier(context.channel)
        Self.inPipelines.withLock { $0[channel] = self }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        let channel = ObjectIdentifier(context.channel)
        Self.inPipelines.withLock { $0[channel] = nil }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed { fire() }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fire()
        context.fireChannelInactive()
    }

    private func fire() {
        let pending = lock.withLock { () -> [@Sendable () -> Void] in
            guard !closed else { return [] }
            closed = true
            defer { actions = [:] }
            return Array(actions.values)
        }
        for action in pending { action() }
    }
}
