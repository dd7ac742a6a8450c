import Foundation

/// Runs one attempt on one deployment: sends the request, decodes the stream, enforces the first-token and
/// stall deadlines, and reports what arrived. Deltas go to `emit` as they are decoded.
struct AttemptRunner: Sendable {
    var transport: any HTTPTransport
    var timeouts: Timeouts
    var clock: any EngineClock

    struct Result: Sendable {
        var progress: AttemptProgress.Snapshot
        var status: Int?
        var error: ProviderError?
        var cancelled: Bool
        var startedAt: ContinuousClock.Instant
        var endedAt: ContinuousClock.Instant
    }

    func run(_ request: ChatRequest, on endpoint: ProviderEndpoint, providerModel: String,
             emit: @escaping @Sendable (EngineEvent) -> Void) async -> Result {
        let adapter = ProviderRegistry.adapter(for: endpoint.wire)
        let progress = AttemptProgress(startedAt: clock.now)
        let status = StatusBox()
        let outcome: Outcome
        do {
            let httpRequest = try adapter.makeRequest(request, model: providerModel, endpoint: endpoint)
            outcome = await withTaskGroup(of: Outcome.self) { group in
                group.addTask {
                    await read(httpRequest, adapter: adapter, endpoint: endpoint, progress: progress, status: status, emit: emit)
                }
                group.addTask { await watch(progress, provider: endpoint.name) }
                let first = await group.next() ?? .cancelled
                group.cancelAll()
                return first
            }
        } catch let error as ProviderError {
            outcome = .failed(error)
        } catch {
            outcome = .failed(ProviderError(kind: .badRequest, provider: endpoint.name, message: "\(error)"))
        }
        let snapshot = progress.snapshot
        switch outcome {
        case .completed:
            return Result(progress: snapshot, status: status.value, error: nil, cancelled: false, startedAt: progress.startedAt, endedAt: clock.now)
        case .failed(let error):
            return Result(progress: snapshot, status: status.value ?? error.status, error: error, cancelled: false, startedAt: progress.startedAt, endedAt: clock.now)
        case .cancelled:
            return Result(progress: snapshot, status: status.value, error: nil, cancelled: true, startedAt: progress.startedAt, endedAt: clock.now)
        }
    }

    enum Outcome: Sendable {
        case completed
        case failed(ProviderError)
        case cancelled
    }

    private func read(_ httpRequest: HTTPRequest, adapter: any ProviderAdapter, endpoint: ProviderEndpoint,
                      progress: AttemptProgress, status: StatusBox,
                      emit: @escaping @Sendable (EngineEvent) -> Void) async -> Outcome {
        do {
            let response = try await transport.send(httpRequest, connectTimeout: timeouts.connect)
            status.value = response.status
            guard (200..<300).contains(response.status) else {
                let body = try await Self.collect(response.body, limit: 64 * 1024)
                return .failed(adapter.error(status: response.status, headers: response.headers, body: body, endpoint: endpoint))
            }
            let decoder = adapter.makeDecoder(endpoint: endpoint)
            for try await chunk in response.body {
                let events = try decoder.consume(chunk)
                progress.received(events, at: clock.now)
                Self.deliver(events, emit: emit)
            }
            if Task.isCancelled { return .cancelled }
            let last = try decoder.finish()
            progress.received(last, at: clock.now)
            Self.deliver(last, emit: emit)
            return .completed
        } catch let error as ProviderError {
            return .failed(error)
        } catch let error as TransportError {
            return Task.isCancelled ? .cancelled : .failed(Self.providerError(error, provider: endpoint.name))
        } catch is CancellationError {
            return .cancelled
        } catch {
            return Task.isCancelled ? .cancelled
                : .failed(ProviderError(kind: .transport, provider: endpoint.name, message: "\(error)"))
        }
    }

    /// Hands one network read's events to the consumer. Consecutive text becomes one `.delta`, so the consumer
    /// is woken once per read rather than once per chunk; usage keeps its place between texts.
    static func deliver(_ events: [StreamEvent], emit: (EngineEvent) -> Void) {
        var text = ""
        for event in events {
            switch event {
            case .text(let piece): text += piece
            case .usage(let usage):
                if !text.isEmpty { emit(.delta(text)); text = "" }
                emit(.usage(usage))
            default: break
            }
        }
        if !text.isEmpty { emit(.delta(text)) }
    }

    /// Returns `.failed(timeout)` when the first token or the next bytes are overdue; never returns otherwise
    /// until cancelled.
    private func watch(_ progress: AttemptProgress, provider: String) async -> Outcome {
        while !Task.isCancelled {
            let snapshot = progress.snapshot
            let phase: ProviderError.TimeoutPhase = snapshot.firstTokenAt == nil ? .firstToken : .stall
            let deadline = phase == .firstToken
                ? progress.startedAt + timeouts.firstToken
                : snapshot.lastProgressAt + timeouts.stall
            let now = clock.now
            if now >= deadline {
                let limit = phase == .firstToken ? timeouts.firstToken : timeouts.stall
                let what = phase == .firstToken ? "no first token within" : "stream stalled for"
                return .failed(ProviderError(kind: .timeout, provider: provider,
                                             message: "\(what) \(limit.formattedSeconds)", phase: phase))
            }
            do { try await clock.sleep(for: deadline - now) } catch { return .cancelled }
        }
        return .cancelled
    }

    static func collect(_ body: AsyncThrowingStream<[UInt8], any Error>, limit: Int) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await chunk in body {
            bytes += chunk.prefix(limit - bytes.count)
            if bytes.count >= limit { break }
        }
        return bytes
    }

    static func providerError(_ error: TransportError, provider: String) -> ProviderError {
        switch error {
        case .connectTimeout:
            ProviderError(kind: .timeout, provider: provider, message: "could not connect in time", phase: .connect)
        case .connectionFailed(let detail):
            ProviderError(kind: .transport, provider: provider, message: "connection failed: \(detail)")
        case .disconnected(let detail):
            ProviderError(kind: .truncated, provider: provider, message: "connection dropped mid-stream: \(detail)")
        }
    }
}

/// The HTTP status, written by the reading task and read after the group ends.
private final class StatusBox: @unchecked Sendable {
    private let lock = NSLock()
    private var _value: Int?
    var value: Int? {
        get { lock.withLock { _value } }
        set { lock.withLock { _value = newValue } }
    }
}
