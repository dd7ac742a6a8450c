import Foundation

/// Turns a provider stream and the faults queued for its request into a body script.
struct FixtureStreamScript {
    /// Where the text stops early, and how.
    enum Cut: Equatable {
        case stall, disconnect, endCleanly, midStreamError
    }

    var pacing: Duration?
    var slowFirstToken: Duration?
    var cut: (after: Int, how: Cut)?
    var omitEndMarker = false
    var malformed = false

    /// Reads the stream-shaping faults; status-like faults are handled before a stream is built.
    init(faults: [Fault], defaultPacing: Duration?) {
        pacing = defaultPacing
        for fault in faults {
            switch fault {
            case .pacing(let duration): pacing = duration
            case .slowFirstToken(let duration): slowFirstToken = duration
            case .stallAfter(let chunks): cut = (chunks, .stall)
            case .disconnectAfter(let chunks): cut = (chunks, .disconnect)
            case .truncateAfter(let chunks): cut = (chunks, .endCleanly)
            case .midStreamError: cut = (1, .midStreamError)
            case .midStreamErrorAfter(let chunks): cut = (chunks, .midStreamError)
            case .truncate: omitEndMarker = true
            case .malformedChunk: malformed = true
            case .status, .contextLength, .insufficientQuota, .delayHead: break
            }
        }
    }

    /// How often a waiting OpenRouter stream repeats its processing comment.
    static let keepAliveInterval: Duration = .milliseconds(250)

    func steps(for stream: FixtureStream, midStreamError: [UInt8], malformedEvent: [UInt8]) -> [FixtureResponse.Step] {
        var steps: [FixtureResponse.Step] = stream.preamble.map { .bytes($0) }
        if let slowFirstToken { steps += wait(slowFirstToken, keepAlive: stream.keepAlive) }
        if malformed && stream.content.isEmpty { steps.append(.bytes(malformedEvent)) }

        var sent = 0
        for event in stream.content {
            if let cut, sent == cut.after {
                return steps + ending(cut.how, midStreamError: midStreamError)
            }
            if sent > 0, let pacing { steps.append(.pause(pacing)) }
            steps.append(.bytes(event))
            sent += 1
            if malformed && sent == 1 { steps.append(.bytes(malformedEvent)) }
        }
        if let cut, cut.after >= sent {
            return steps + ending(cut.how, midStreamError: midStreamError)
        }
        for event in stream.closing + (omitEndMarker ? [] : stream.endMarker) {
            if let pacing { steps.append(.pause(pacing)) }
            steps.append(.bytes(event))
        }
        return steps
    }

    private func ending(_ cut: Cut, midStreamError: [UInt8]) -> [FixtureResponse.Step] {
        switch cut {
        case .stall: [.stall]
        case .disconnect: [.disconnect]
        case .endCleanly: []
        case .midStreamError: [.bytes(midStreamError)]
        }
    }

    /// A silent wait, or for servers that send comments while waiting, one comment per interval.
    private func wait(_ duration: Duration, keepAlive: [UInt8]?) -> [FixtureResponse.Step] {
        guard let keepAlive else { return [.pause(duration)] }
        var steps: [FixtureResponse.Step] = []
        var left = duration
        while left > .zero {
            let piece = min(left, Self.keepAliveInterval)
            steps.append(.pause(piece))
            left -= piece
            if left > .zero { steps.append(.bytes(keepAlive)) }
        }
        return steps
    }
}
