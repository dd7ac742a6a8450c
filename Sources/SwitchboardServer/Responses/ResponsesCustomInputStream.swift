import Foundation
import SwitchboardCore

/// A freeform tool's text as it streams: the routed model writes it as `{"input": "<JSON string>"}` (see
/// `ResponsesWireWords.customArguments`), in pieces that may split anywhere, mid-escape included. This hands out
/// the decoded text of each piece as soon as it is whole, so `response.custom_tool_call_input.delta` carries the
/// text itself. Arguments of any other shape give nothing (`failed`): the call's text then goes whole with `.done`.
struct ResponsesCustomInputStream: Sendable {
    private enum State: Sendable { case prefix, string, done, failed }

    private var state = State.prefix
    /// Bytes not yet handed out: the prefix while it is being matched, then string content that ends mid-escape.
    private var pending: [UInt8] = []

    var failed: Bool { state == .failed }

    /// The decoded text this piece completes; empty while nothing new is whole.
    mutating func feed(_ piece: String) -> String {
        pending += Array(piece.utf8)
        if state == .prefix {
            switch Self.matchPrefix(pending) {
            case nil: state = .failed; pending = []; return ""
            case 0?: return ""
            case let length?:
                pending.removeFirst(length)
                state = .string
            }
        }
        guard state == .string else { return "" }
        let (cut, closed) = Self.wholeEnd(pending)
        let segment = Array(pending[..<cut])
        pending.removeFirst(closed ? pending.count : cut)
        if closed { state = .done }
        guard !segment.isEmpty else { return "" }
        guard let text = Self.decode(segment) else {
            state = .failed
            return ""
        }
        return text
    }

    /// The length of `{ "input" : "` at the start of `bytes` (whitespace allowed between), 0 when `bytes` may
    /// still grow into it, nil when it cannot.
    private static func matchPrefix(_ bytes: [UInt8]) -> Int? {
        let tokens: [[UInt8]] = [Array("{".utf8), Array("\"input\"".utf8), Array(":".utf8), Array("\"".utf8)]
        var position = 0
        for token in tokens {
            while position < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[position]) { position += 1 }
            for byte in token {
                guard position < bytes.count else { return 0 }
                guard bytes[position] == byte else { return nil }
                position += 1
            }
        }
        return position
    }

    /// Where the whole part of the string content ends: before an escape that is not complete yet (or a high
    /// surrogate whose low half has not arrived), or at the closing quote (`closed`).
    private static func wholeEnd(_ bytes: [UInt8]) -> (cut: Int, closed: Bool) {
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\""):
                return (index, true)
            case UInt8(ascii: "\\"):
                guard index + 1 < bytes.count else { return (index, false) }
                guard bytes[index + 1] == UInt8(ascii: "u") else { index += 2; continue }
                guard index + 6 <= bytes.count else { return (index, false) }
                // A high surrogate needs its low half (`\uDC00`…) in the same segment to decode.
                if let unit = UInt16(String(decoding: bytes[(index + 2)..<(index + 6)], as: UTF8.self), radix: 16),
                   (0xD800...0xDBFF).contains(unit) {
                    guard index + 12 <= bytes.count else { return (index, false) }
                    index += 12
                } else {
                    index += 6
                }
            default:
                index += 1
            }
        }
        return (index, false)
    }

    /// String content (escapes whole) decoded as JSON would.
    private static func decode(_ content: [UInt8]) -> String? {
        guard case .string(let text)? = try? JSONValue(parsing: "\"" + String(decoding: content, as: UTF8.self) + "\"") else {
            return nil
        }
        return text
    }
}
