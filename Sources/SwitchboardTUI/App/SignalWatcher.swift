import Foundation

/// Turns SIGTERM, SIGHUP and SIGINT into a quit request, so the app loop ends normally and the terminal is
/// restored. (In raw mode Ctrl-C is a key; SIGINT only comes from `kill`.)
final class SignalWatcher {
    private let sources: [any DispatchSourceSignal]
    static let signals: [Int32] = [SIGTERM, SIGHUP, SIGINT]

    init(handler: @escaping @Sendable () -> Void) {
        sources = Self.signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: handler)
            source.resume()
            return source
        }
    }

    func stop() {
        for source in sources { source.cancel() }
        for number in Self.signals { signal(number, SIG_DFL) }
    }
}
