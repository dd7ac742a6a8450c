import Foundation

/// A provider's base URL with a path appended, each built once: Foundation's URL arithmetic costs several
/// microseconds a call on Linux, a cost every request paid, and a process talks to few endpoints.
enum EndpointURLs {
    private static let cache = URLCache()

    static func url(_ base: URL, appending path: String) -> URL {
        cache.url(base, path)
    }

    private final class URLCache: @unchecked Sendable {
        private let lock = NSLock()
        private var built: [String: URL] = [:]

        func url(_ base: URL, _ path: String) -> URL {
            let key = base.absoluteString + "\u{0}" + path
            if let url = lock.withLock({ built[key] }) { return url }
            let url = base.appendingPathComponent(path)
            lock.withLock {
                if built.count >= 256 { built.removeAll() }  // bounded: endpoints come from config, but never grow without end
                built[key] = url
            }
            return url
        }
    }
}
