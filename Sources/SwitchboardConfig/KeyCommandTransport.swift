import Foundation
import SwitchboardCore

/// Sends requests through `next`, first swapping each `key_cmd` placeholder in their headers for the key its
/// command prints. A command runs at most once per process: when the first request to its provider leaves; every
/// later request (and every concurrent one) gets the same key, or the same failure. Requests to other providers
/// never wait for it, and nothing runs for a provider no request goes to.
public struct KeyCommandTransport: HTTPTransport {
    private let next: any HTTPTransport
    private let keys: DeferredKeys

    public init(next: any HTTPTransport, deferredKeys: [DeferredKey], timeout: Duration = KeyCommand.defaultTimeout,
                run: @escaping @Sendable (String, String, Duration) async throws -> String = KeyCommand.run) {
        self.next = next
        self.keys = DeferredKeys(deferredKeys, timeout: timeout, run: run)
    }

    public func send(_ request: HTTPRequest, connectTimeout: Duration, abort: AbortSignal) async throws -> HTTPResponse {
        guard let pending = keys.pending(in: request.headers) else {
            return try await next.send(request, connectTimeout: connectTimeout, abort: abort)
        }
        let key = try await keys.key(for: pending, abort: abort)
        var request = request
        var headers = HTTPHeaders()
        for field in request.headers {
            headers.add(field.name, field.value.replacingOccurrences(of: pending.placeholder, with: key))
        }
        request.headers = headers
        return try await next.send(request, connectTimeout: connectTimeout, abort: abort)
    }
}

/// The commands and what each gave, shared by every copy of the transport.
final class DeferredKeys: @unchecked Sendable {
    private let entries: [DeferredKey]
    private let timeout: Duration
    private let run: @Sendable (String, String, Duration) async throws -> String
    private let lock = NSLock()
    private var results: [String: Task<String, any Error>] = [:]

    init(_ entries: [DeferredKey], timeout: Duration, run: @escaping @Sendable (String, String, Duration) async throws -> String) {
        self.entries = entries
        self.timeout = timeout
        self.run = run
    }

    func pending(in headers: HTTPHeaders) -> DeferredKey? {
        guard !entries.isEmpty else { return nil }
        return entries.first { entry in headers.contains { $0.value.contains(entry.placeholder) } }
    }

    /// The key, running the command if no request has yet; a stopped request stops waiting (the command still
    /// finishes, within its timeout, for the requests after it).
    func key(for entry: DeferredKey, abort: AbortSignal) async throws -> String {
        let task = lock.withLock { () -> Task<String, any Error> in
            if let running = results[entry.placeholder] { return running }
            let (run, timeout) = (run, timeout)
            let started = Task { () throws -> String in
                do {
                    return try await run(entry.command, entry.provider, timeout)
                } catch let error as KeyCommandError {
                    // An auth failure: no retry of the same deployment, the next candidate may still answer.
                    throw ProviderError(kind: .auth, provider: entry.provider, message: error.description)
                }
            }
            results[entry.placeholder] = started
            return started
        }
        let race = Race()
        abort.onAbort { race.finish(.failure(TransportError.aborted)) }
        Task { race.finish(await task.result) }
        return try await race.value()
    }
}

/// The first of two outcomes, once.
private final class Race: @unchecked Sendable {
    private let lock = NSLock()
    private var outcome: Result<String, any Error>?
    private var waiter: CheckedContinuation<String, any Error>?

    func finish(_ result: Result<String, any Error>) {
        let resume = lock.withLock { () -> CheckedContinuation<String, any Error>? in
            guard outcome == nil else { return nil }
            outcome = result
            defer { waiter = nil }
            return waiter
        }
        resume?.resume(with: result)
    }

    func value() async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            let ready = lock.withLock { () -> Result<String, any Error>? in
                if let outcome { return outcome }
                waiter = continuation
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}
