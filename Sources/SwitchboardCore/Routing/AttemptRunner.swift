import Foundation

/// Runs one attempt on one deployment: sends the request, decodes the stream, enforces the first-token and
/// stall deadlines, and reports what arrived. Everything happens in the caller's task, and deltas go to `emit` as
/// they are decoded: a deadline or a cancel stops the request through its `AbortSignal` instead of a second task.
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

    /// `signal` stops the attempt from outside (the turn's cancel); the runner's watchdog fires it on a deadline.
    func run(_ request: ChatRequest, on endpoint: ProviderEndpoint, providerModel: String, signal: AbortSignal,
             emit: (EngineEvent) async -> Void) async -> Result {
        let adapter = ProviderRegistry.adapter(for: endpoint.wire)
        let progress = AttemptProgress(startedAt: clock.now)
        let watchdog = AttemptWatchdog(progress: progress, timeouts: timeouts, clock: clock, signal: signal)
        var status: Int?
        let outcome: Outcome
        do {
            let httpRequest = try adapter.makeRequest(request, model: providerModel, endpoint: endpoint)
            watchdog.start()
            outcome = await read(httpRequest, adapter: adapter, endpoint: endpoint, providerModel: providerModel,
                                 progress: progress, signal: signal, status: &status, emit: emit)
            watchdog.stop()
        } catch let error as ProviderError {
            outcome = .failed(error)
        } catch {
            outcome = .failed(ProviderError(kind: .badRequest, provider: endpoint.name, message: "\(error)"))
        }
        let snapshot = progress.snapshot
        switch outcome {
        case .completed:
            return Result(progress: snapshot, status: status, error: nil, cancelled: false, startedAt: progress.startedAt, endedAt: clock.now)
        case .failed(let error):
            return Result(progress: snapshot, status: status ?? error.status, error: error, cancelled: false, startedAt: progress.startedAt, endedAt: clock.now)
        case .cancelled:
            return Result(progress: snapshot, status: status, error: nil, cancelled: true, startedAt: progress.startedAt, endedAt: clock.now)
        }
    }

    enum Outcome: Sendable {
        case completed
        case failed(ProviderError)
        case cancelled
    }

    private func read(_ httpRequest: HTTPRequest, adapter: any ProviderAdapter, endpoint: ProviderEndpoint,
                      providerModel: String, progress: AttemptProgress, signal: AbortSignal, status: inout Int?,
                      emit: (EngineEvent) async -> Void) async -> Outcome {
        do {
            let response = try await transport.send(httpRequest, connectTimeout: timeouts.connect, abort: signal)
            status = response.status
            guard (200..<300).contains(response.status) else {
                let body = try await Self.collect(response.body, limit: 64 * 1024)
                return .failed(adapter.error(status: response.status, headers: response.headers, body: body, endpoint: endpoint))
            }
            let decoder = adapter.makeDecoder(endpoint: endpoint)
            let origin = ReasoningOrigin(wire: endpoint.wire, provider: endpoint.name, model: providerModel)
            for try await chunk in response.body {
                let events = progress.received(try decoder.consume(chunk), at: clock.now)
                await Self.deliver(events, origin: origin, to: emit)
            }
            if let stopped = stopped(by: signal, provider: endpoint.name) { return stopped }
            if Task.isCancelled { return .cancelled }
            let last = progress.received(try decoder.finish(), at: clock.now)
            await Self.deliver(last, origin: origin, to: emit)
            return .completed
        } catch {
            // An aborted request fails with whatever its transport throws; the signal knows why it stopped.
            if let stopped = stopped(by: signal, provider: endpoint.name) { return stopped }
            switch error {
            case let error as ProviderError: return .failed(error)
            case let error as TransportError:
                return Task.isCancelled ? .cancelled : .failed(Self.providerError(error, provider: endpoint.name))
            case is CancellationError: return .cancelled
            default:
                return Task.isCancelled ? .cancelled
                    : .failed(ProviderError(kind: .transport, provider: endpoint.name, message: "\(error)"))
            }
        }
    }

    /// The outcome of an attempt its signal stopped, nil while it has not fired.
    private func stopped(by signal: AbortSignal, provider: String) -> Outcome? {
        switch signal.reason {
        case nil: return nil
        case .cancelled: return .cancelled
        case .timedOut(let phase):
            let (what, limit) = phase == .firstToken ? ("no first token within", timeouts.firstToken)
                                                     : ("stream stalled for", timeouts.stall)
            return .failed(ProviderError(kind: .timeout, provider: provider, message: "\(what) \(limit.formattedSeconds)",
                                         phase: phase))
        }
    }

    private static func deliver(_ events: [StreamEvent], origin: ReasoningOrigin,
                                to emit: (EngineEvent) async -> Void) async {
        guard !events.isEmpty else { return }
        // Most reads are one chunk of text: handed on as it is, with nothing to join.
        if events.count == 1, case .text(let piece) = events[0] {
            if !piece.isEmpty { await emit(.delta(piece)) }
            return
        }
        var delivered: [EngineEvent] = []
        deliver(events, origin: origin) { delivered.append($0) }
        for event in delivered { await emit(event) }
    }

    /// Hands one network read's events to the consumer. Consecutive text becomes one `.delta` (and consecutive
    /// thinking one `.reasoning`), so the consumer is woken once per read rather than once per chunk; usage,
    /// tool-call pieces, thinking signatures and redacted thinking (marked with `origin`), and the switch between
    /// thinking and answer keep their place. Tool-call pieces come numbered by `AttemptProgress.received`, which
    /// also joins them for the summary.
    static func deliver(_ events: [StreamEvent], origin: ReasoningOrigin, emit: (EngineEvent) -> Void) {
        var text = ""
        var thinking = ""
        func flush() {
            if !thinking.isEmpty { emit(.reasoning(thinking)); thinking = "" }
            if !text.isEmpty { emit(.delta(text)); text = "" }
        }
        for event in events {
            switch event {
            case .text(let piece):
                if !thinking.isEmpty { flush() }
                text += piece
            case .reasoning(let delta):
                if !text.isEmpty { flush() }
                thinking += delta.text
                if delta.signature != nil || delta.redactedData != nil {
                    flush()
                    emit(.reasoningSeal(ReasoningSeal(signature: delta.signature, redactedData: delta.redactedData,
                                                      origin: origin)))
                }
            case .toolCall(let delta):
                flush()
                emit(.toolCall(delta))
            case .usage(let usage):
                flush()
                emit(.usage(usage))
            default: break
            }
        }
        flush()
    }

    static func collect(_ body: HTTPBody, limit: Int) async throws -> [UInt8] {
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
        case .aborted:
            ProviderError(kind: .transport, provider: provider, message: "the request was stopped")
        }
    }
}
