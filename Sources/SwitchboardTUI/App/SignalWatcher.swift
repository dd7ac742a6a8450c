import Foundation

/// Turns SIGTERM, SIGHUP and SIGINT into a quit request, so the app loop ends normally, saves what it holds and
/// restores the terminal; the handler gets the signal's number so the process can still exit 128 + signal.
/// (In raw mode Ctrl-C is a key; SIGINT only comes from `kill`.)
///
/// The dispatch sources are made once per process and kept: on Linux, libdispatch catches a signal with a
/// handler it installs only when the first source for that signal is made, so resetting the signal to
/// SIG_DFL (or cancelling and remaking the sources) would leave a second workbench deaf to signals. Between
/// workbenches a signal gets its default action, as if nothing were watching.
final class SignalWatcher: Sendable {
    static let signals: [Int32] = [SIGTERM, SIGHUP, SIGINT]
    private static let slot = SignalSlot()

    init(handler: @escaping @Sendable (Int32) -> Void) {
        Self.slot.watch(Self.signals, handler: handler)
    }

    func stop() {
        Self.slot.clear()
    }
}

/// The process's signal sources (made on first use) and who hears the next signal: a workbench, or nobody.
private final class SignalSlot: @unchecked Sendable {
    private let lock = NSLock()
    private var handler: (@Sendable (Int32) -> Void)?
    private var sources: [any DispatchSourceSignal] = []

    func watch(_ signals: [Int32], handler: @escaping @Sendable (Int32) -> Void) {
        lock.withLock {
            self.handler = handler
            guard sources.isEmpty else { return }
            sources = signals.map { number in
                signal(number, SIG_IGN)  // until libdispatch's own handler is in place
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { [self] in deliver(number) }
                source.resume()
                return source
            }
        }
    }

    func clear() {
        lock.withLock { handler = nil }
    }

    private func deliver(_ number: Int32) {
        guard let handler = lock.withLock({ self.handler }) else {
            signal(number, SIG_DFL)
            kill(getpid(), number)  // not raise(): dispatch's threads block signals, so send it to the process
            return
        }
        handler(number)
    }
}
