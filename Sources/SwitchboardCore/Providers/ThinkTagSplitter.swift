import Foundation

/// Thinking that a server leaves inline in the answer, `<think>…</think>` before the reply (Ollama and vLLM
/// serving DeepSeek-R1 or Qwen3 without a reasoning parser, Groq's `reasoning_format: raw`), turned into
/// reasoning events so it is shown and stored as thinking, never as the answer.
///
/// Only a `<think>` that opens the answer counts (whitespace before it allowed): one later in ordinary prose is
/// text. A tag may arrive split across any chunk boundary; a piece that could still become a tag is held back
/// until the next piece decides it, so nothing is ever emitted on the wrong side. An answer that only closes a
/// block (`…</think>`, when a chat template opened it in the prompt) cannot be told apart without holding the
/// whole answer back, so it stays text: such servers need their own reasoning parser (vLLM `--reasoning-parser`).
public struct ThinkTagSplitter: Sendable {
    static let open = "<think>"
    static let close = "</think>"

    private enum State: Sendable, Equatable {
        /// Nothing but whitespace and a possible start of `<think>` has arrived.
        case start
        /// Just past `<think>`: the line break before the thinking itself is dropped.
        case openingThinking
        /// Inside the thinking block.
        case thinking
        /// Just past `</think>`: the blank lines that separate thinking from the answer are dropped.
        case afterThinking
        /// Everything else is answer text.
        case text
    }

    private var state = State.start
    /// Text not yet emitted because it may be part of a tag (or, at the start, the whitespace before one).
    private var held = ""

    public init() {}

    /// True once the splitter only passes text through: the answer did not open with thinking, or it ended.
    public var passesThrough: Bool {
        if case .text = state { held.isEmpty } else { false }
    }

    /// The events for the next piece of answer text.
    public mutating func split(_ piece: String) -> [StreamEvent] {
        var out: [StreamEvent] = []
        var rest = held + piece
        held = ""
        while !rest.isEmpty {
            switch state {
            case .start:
                let trimmed = rest.drop { $0.isWhitespace }
                if trimmed.hasPrefix(Self.open) {
                    state = .openingThinking
                    rest = String(trimmed.dropFirst(Self.open.count))
                } else if Self.open.hasPrefix(trimmed) {
                    held = rest  // only whitespace, or a start of the tag: wait for more
                    return out
                } else {
                    state = .text
                }
            case .openingThinking, .afterThinking:
                let trimmed = rest.drop { $0.isWhitespace }
                if trimmed.isEmpty { return out }
                rest = String(trimmed)
                state = state == .openingThinking ? .thinking : .text
            case .thinking:
                if let range = rest.range(of: Self.close) {
                    append(.reasoning(ReasoningDelta(text: Self.trimmingTrailingWhitespace(rest[..<range.lowerBound]))), to: &out)
                    rest = String(rest[range.upperBound...])
                    state = .afterThinking
                } else {
                    // Held back: what may start the close tag, and the whitespace before it (dropped if the tag
                    // follows, so the thinking does not end in a blank line).
                    let keep = Self.tagPrefixLength(atEndOf: rest, tag: Self.close)
                    let body = rest.dropLast(keep)
                    let trailing = body.reversed().prefix { $0.isWhitespace }.count
                    append(.reasoning(ReasoningDelta(text: String(body.dropLast(trailing)))), to: &out)
                    held = String(rest.suffix(keep + trailing))
                    return out
                }
            case .text:
                append(.text(rest), to: &out)
                return out
            }
        }
        return out
    }

    /// The answer ended: what was held back goes out as what it turned out to be (an unfinished tag at the
    /// start is text; an unfinished close tag is still thinking).
    public mutating func finish() -> [StreamEvent] {
        defer { held = ""; state = .text }
        guard !held.isEmpty else { return [] }
        switch state {
        case .start, .text: return [.text(held)]
        case .thinking: return [.reasoning(ReasoningDelta(text: held))]
        case .openingThinking, .afterThinking: return []
        }
    }

    private static func trimmingTrailingWhitespace(_ text: Substring) -> String {
        String(text.dropLast(text.reversed().prefix { $0.isWhitespace }.count))
    }

    private func append(_ event: StreamEvent, to out: inout [StreamEvent]) {
        switch event {
        case .reasoning(let delta) where delta.text.isEmpty: return
        case .text(let piece) where piece.isEmpty: return
        default: out.append(event)
        }
    }

    /// How many characters at the end of `text` could be the start of `tag` (0 when none).
    static func tagPrefixLength(atEndOf text: String, tag: String) -> Int {
        var length = min(tag.count - 1, text.count)
        while length > 0 {
            if tag.hasPrefix(text.suffix(length)) { return length }
            length -= 1
        }
        return 0
    }
}

/// A decoder whose answer text goes through a `ThinkTagSplitter`; every other event passes unchanged, in order.
/// Wraps the decoder of an endpoint whose quirks say its server may put thinking inline (`WireQuirks.thinkTags`).
final class ThinkTagDecoder: StreamDecoder {
    private let inner: any StreamDecoder
    private var splitter = ThinkTagSplitter()

    init(wrapping inner: any StreamDecoder) {
        self.inner = inner
    }

    func consume(_ bytes: [UInt8]) throws -> [StreamEvent] {
        let events = try inner.consume(bytes)
        // Once the answer is known not to open with thinking, the inner events go through as they are.
        if splitter.passesThrough { return events }
        return route(events)
    }

    func finish() throws -> [StreamEvent] {
        let events = try inner.finish()
        return route(events) + splitter.finish()
    }

    private func route(_ events: [StreamEvent]) -> [StreamEvent] {
        var out: [StreamEvent] = []
        out.reserveCapacity(events.count)
        for event in events {
            switch event {
            case .text(let piece):
                out += splitter.split(piece)
            case .finished:
                // The end marker: nothing more will decide what was held back.
                out += splitter.finish()
                out.append(event)
            default:
                out.append(event)
            }
        }
        return out
    }
}
