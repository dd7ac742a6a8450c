import Foundation

/// Something that goes wrong with one response. Queue faults on a `FaultScript`; each entry is consumed by
/// the next matching request, and several faults in one entry apply to that same request.
///
/// Chunk counts (`stallAfter(chunks:)` and friends) count the answer's text chunks only: the events before
/// the first text (OpenAI's role chunk, Anthropic's `message_start`, `content_block_start` and `ping`) are
/// always sent, so `chunks: 0` fails before the first token and `chunks: 1` after it.
public enum Fault: Sendable, Equatable {
    /// An error response with this status, in the protocol's exact body shape and headers (OpenAI 429
    /// `rate_limit_exceeded`, Anthropic 529 `overloaded_error`, Gemini 429 `RESOURCE_EXHAUSTED`, OpenRouter
    /// 502 with `metadata.provider_name`, ...). `retryAfter` sets OpenAI's `retry-after-ms` and `retry-after`,
    /// Anthropic's and OpenRouter's `retry-after`, or Gemini's `RetryInfo.retryDelay`; nil sends no hint. A
    /// wait that is not whole seconds is written with its fraction (`retry-after: 0.3`) so tests stay fast.
    case status(Int, retryAfter: Duration?)
    /// The protocol's "prompt too long" error (OpenAI 400 `context_length_exceeded`, Anthropic 400 "prompt is
    /// too long", Gemini 400 INVALID_ARGUMENT).
    case contextLength
    /// Out of credit: OpenAI 429 `insufficient_quota`, OpenRouter 402, Anthropic 400 billing (credit balance
    /// too low), Gemini 429 with a zero quota, Ollama 500.
    case insufficientQuota
    /// Wait this long before sending the response head.
    case delayHead(Duration)
    /// Wait this long after the head and opening events, before the first text chunk. OpenRouter sends
    /// `: OPENROUTER PROCESSING` comments while it waits, as the real one does.
    case slowFirstToken(Duration)
    /// Wait this long before each event after the first text chunk.
    case pacing(Duration)
    /// Send `chunks` text chunks, then nothing more, keeping the connection open.
    case stallAfter(chunks: Int)
    /// Send `chunks` text chunks, then close the socket without ending the chunked body.
    case disconnectAfter(chunks: Int)
    /// Send everything but the end marker (`data: [DONE]`, `message_stop`, Gemini's finishReason chunk,
    /// Ollama's `"done":true` line), then end the HTTP body cleanly.
    case truncate
    /// Send `chunks` text chunks, then end the HTTP body cleanly.
    case truncateAfter(chunks: Int)
    /// After the first text chunk, send a data line that is not JSON; the stream then goes on normally.
    case malformedChunk
    /// After the first text chunk, the protocol's in-stream error (OpenAI `data: {"error":…}`, OpenRouter's
    /// `finish_reason:"error"` chunk, Anthropic `event: error` overloaded_error, Gemini `data: {"error":…}`,
    /// Ollama `{"error":…}`), then the body ends.
    case midStreamError
    /// The same after `chunks` text chunks.
    case midStreamErrorAfter(chunks: Int)

    /// An error status without a wait hint.
    public static func status(_ code: Int) -> Fault { .status(code, retryAfter: nil) }
}

/// Which requests a queued fault entry may be consumed by.
public enum FaultScope: Sendable, Equatable {
    case any
    case wire(FixtureWire)
    /// Requests for exactly this path (query ignored), e.g. `/groq/v1/chat/completions`.
    case path(String)
    /// Requests for this model (the body's `model`, or the model in a Gemini path).
    case model(String)

    func matches(wire: FixtureWire, path: String, model: String) -> Bool {
        switch self {
        case .any: true
        case .wire(let expected): expected == wire
        case .path(let expected): expected == path
        case .model(let expected): expected == model
        }
    }
}
