import Foundation
import SwitchboardCore

/// Everything an encoder needs to know about the request it answers.
struct FixtureExchange: Sendable {
    var wire: FixtureWire
    var request: RecordedRequest
    /// The model the request named (echoed back as the serving model).
    var model: String
    /// OpenAI's `stream_options.include_usage`; OpenRouter always sends usage whatever this says.
    var includeUsage: Bool
    var answer: FixtureAnswer
    /// Makes ids unique per request and stable across runs.
    var sequence: Int
    /// OpenRouter's top-level `provider` field.
    var upstreamProvider: String
    /// A fixed creation time, so bodies are the same on every run.
    var created: Int { 1_767_225_600 }
}

/// Failures answered with an error response instead of a stream.
enum FixtureFailure: Sendable, Equatable {
    case status(Int, retryAfter: Duration?)
    case contextLength
    case insufficientQuota
    case badKey
    /// The fixture cannot serve the request (not JSON, not streaming, a required field missing).
    case invalidRequest(String)
}

/// A successful stream, cut where faults may cut it.
struct FixtureStream: Sendable {
    var headers: HTTPHeaders
    /// Events before the first text (role chunk, message_start, content_block_start, ping).
    var preamble: [[UInt8]]
    /// One event per text chunk.
    var content: [[UInt8]]
    /// Events after the text and before the end marker (finish and usage chunks, content_block_stop,
    /// message_delta).
    var closing: [[UInt8]]
    /// The protocol's end marker; Gemini's is its last text chunk carrying finishReason.
    var endMarker: [[UInt8]]
    /// A comment the server sends while it waits (OpenRouter), or nil.
    var keepAlive: [UInt8]?
}

/// One protocol's bytes: a stream, its in-stream failures, and its error responses.
protocol FixtureEncoder: Sendable {
    func stream(_ exchange: FixtureExchange) -> FixtureStream
    /// The event a `.midStreamError` fault sends.
    func midStreamError(_ exchange: FixtureExchange) -> [UInt8]
    /// An event whose payload is not JSON.
    func malformedEvent(_ exchange: FixtureExchange) -> [UInt8]
    func errorResponse(_ failure: FixtureFailure, _ exchange: FixtureExchange) -> FixtureResponse
}

/// Shared helpers for encoders.
enum FixtureEncoding {
    static func sse(data: FixtureJSON, event: String? = nil, lineEnd: String = "\n") -> [UInt8] {
        sse(data: data.compact, event: event, lineEnd: lineEnd)
    }

    static func sse(data: String, event: String? = nil, lineEnd: String = "\n") -> [UInt8] {
        var text = ""
        if let event { text += "event: \(event)" + lineEnd }
        text += "data: \(data)" + lineEnd + lineEnd
        return Array(text.utf8)
    }

    /// Seconds as the `retry-after` header writes them: whole seconds, rounded up.
    static func wholeSeconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) + (attoseconds > 0 ? 1 : 0)
    }

    /// `retry-after` for servers that send no `retry-after-ms`: whole seconds as the real servers write them,
    /// but a wait that is not whole keeps its fraction (`0.3`), which the SDKs and Core parse, so tests can
    /// script sub-second waits without sleeping a full second.
    static func retryAfterValue(_ duration: Duration) -> String {
        decimalSeconds(duration)
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        Int64(duration.milliseconds)
    }

    /// Seconds with up to three decimals (`1.146`), as OpenAI and Google write waits inside messages.
    static func decimalSeconds(_ duration: Duration) -> String {
        let milliseconds = milliseconds(duration)
        let whole = milliseconds / 1000
        let fraction = milliseconds % 1000
        guard fraction != 0 else { return String(whole) }
        var digits = String(fraction)
        digits = String(repeating: "0", count: 3 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(whole).\(digits)"
    }

    /// A stable id fragment for request `sequence` (`00000007a1f`).
    static func id(_ sequence: Int, length: Int = 24) -> String {
        let base = String(sequence, radix: 36) + "fixture"
        let filler = String(repeating: "x", count: max(0, length - base.count))
        return String((base + filler).prefix(length))
    }
}
