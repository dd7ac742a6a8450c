import Foundation

/// What one attempt has received so far. Shared between the task reading the stream and the watchdog that
/// enforces deadlines, hence the lock; everything else about an attempt stays in one task.
final class AttemptProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var _text = ""
    private var _usage: Usage?
    private var _reportedCost: Money?
    private var _servedModel: String?
    private var _finishReason: String?
    private var _parts = StreamedParts()
    private var _firstTokenAt: ContinuousClock.Instant?
    private var _lastProgressAt: ContinuousClock.Instant

    let startedAt: ContinuousClock.Instant

    init(startedAt: ContinuousClock.Instant) {
        self.startedAt = startedAt
        self._lastProgressAt = startedAt
    }

    /// One network read, decoded: its text appended, its other events applied, the read counted as progress
    /// for the stall deadline (keep-alive comments included), all under one lock. Returns the events with each
    /// tool-call piece's `index` replaced by its call's position in the reply (the provider's own index may be a
    /// content block's, or 0 for every call), so consumers number calls as `TurnSummary.toolCalls` does.
    @discardableResult
    func received(_ events: [StreamEvent], at instant: ContinuousClock.Instant) -> [StreamEvent] {
        lock.withLock {
            _lastProgressAt = instant
            var numbered = events
            for (offset, event) in events.enumerated() {
                switch event {
                case .text(let text):
                    guard !text.isEmpty else { continue }
                    _text += text
                    if _firstTokenAt == nil { _firstTokenAt = instant }
                case .reasoning(let delta):
                    _parts.add(delta)
                    // Thinking and tool calls are the model answering: they end the wait for a first token.
                    if _firstTokenAt == nil, !delta.text.isEmpty || delta.redactedData != nil { _firstTokenAt = instant }
                case .toolCall(var delta):
                    let position = _parts.add(delta)
                    if delta.index != position {
                        delta.index = position
                        numbered[offset] = .toolCall(delta)
                    }
                    if _firstTokenAt == nil { _firstTokenAt = instant }
                case .usage(let usage): _usage = usage
                case .reportedCost(let cost): _reportedCost = cost
                case .servedModel(let model): _servedModel = model
                case .finished(let reason): _finishReason = reason
                }
            }
            return numbered
        }
    }

    struct Snapshot: Sendable {
        var text: String
        var usage: Usage?
        var reportedCost: Money?
        var servedModel: String?
        var finishReason: String?
        var parts = StreamedParts()
        var firstTokenAt: ContinuousClock.Instant?
        var lastProgressAt: ContinuousClock.Instant
    }

    var snapshot: Snapshot {
        lock.withLock {
            Snapshot(text: _text, usage: _usage, reportedCost: _reportedCost, servedModel: _servedModel,
                     finishReason: _finishReason, parts: _parts, firstTokenAt: _firstTokenAt, lastProgressAt: _lastProgressAt)
        }
    }
}
