import Foundation
import SwitchboardCore

/// One unit of input as the curses driver reads it, before decoding.
public enum RawInput: Sendable, Equatable {
    /// A character code from `wget_wch` (OK).
    case code(UInt32)
    /// A function key the driver already recognised.
    case key(Key)
    case pasteBegin
    case pasteEnd
    case resize(Size)
    /// A click the driver already decoded.
    case mouse(MouseEvent)
}

/// Turns raw input into terminal events: control codes become Ctrl keys, ESC followed at once by another key is
/// Alt, carriage return is Enter while line feed is Ctrl-J, and everything between the bracketed-paste markers
/// becomes one paste (so 100 KB of pasted text is one event, not 100,000 keystrokes). Pure and stateful across
/// batches: a paste may span several reads.
///
/// A paste whose end marker has not come `pasteTimeout` after its start (a stray `ESC[200~`, a cut connection) is
/// taken back as typed keys: what arrived since the marker is decoded as if typed, and the decoder is normal
/// again, so Ctrl-C, Esc and F1 work. The caller passes the time; `expire(at:)` ends a paste with no more input.
public struct KeyDecoder: Sendable {
    public static let pasteTimeout: Duration = .seconds(1)

    /// When the open paste began; nil when not pasting.
    private var pasteStarted: ContinuousClock.Instant?
    /// What arrived since the paste began, kept raw so a paste that never ends can be replayed as keys.
    private var pasted: [RawInput] = []

    public init() {}

    /// Decodes `batch`, read at `now`. An open paste that is past its deadline is ended first.
    public mutating func decode(_ batch: [RawInput], at now: ContinuousClock.Instant = .now) -> [TerminalEvent] {
        var events = expire(at: now)
        if pasteStarted != nil { return events + continuePaste(batch, at: now) }
        events += decodeKeys(batch, at: now)
        return events
    }

    /// Ends an open paste that has waited `pasteTimeout` for its end marker: its input comes back as typed keys.
    public mutating func expire(at now: ContinuousClock.Instant) -> [TerminalEvent] {
        guard let started = pasteStarted, now - started >= Self.pasteTimeout else { return [] }
        let replay = pasted
        pasteStarted = nil
        pasted = []
        return decodeKeys(replay, at: now)
    }

    /// Input inside a paste: kept until the end marker, after which decoding goes on normally.
    private mutating func continuePaste(_ batch: [RawInput], at now: ContinuousClock.Instant) -> [TerminalEvent] {
        var events: [TerminalEvent] = []
        for (index, input) in batch.enumerated() {
            switch input {
            case .pasteEnd:
                events.append(.paste(Self.text(of: pasted)))
                pasteStarted = nil
                pasted = []
                return events + decodeKeys(Array(batch[(index + 1)...]), at: now)
            case .resize(let size):
                events.append(.resize(size))
            case .mouse(let event):
                events.append(.mouse(event))  // a click is no part of the pasted text
            case .code, .key:
                pasted.append(input)
            case .pasteBegin:
                break
            }
        }
        return events
    }

    /// The text of a finished paste: character codes only, carriage returns as newlines.
    private static func text(of inputs: [RawInput]) -> String {
        var text = String.UnicodeScalarView()
        for case .code(let code) in inputs {
            if let scalar = Unicode.Scalar(code == 13 ? 10 : code) { text.append(scalar) }
        }
        return String(text)
    }

    private mutating func decodeKeys(_ batch: [RawInput], at now: ContinuousClock.Instant) -> [TerminalEvent] {
        var events: [TerminalEvent] = []
        var keys: [Key] = []
        var pendingEscape = false

        func flushKeys() {
            if pendingEscape { keys.append(.escape); pendingEscape = false }
            if !keys.isEmpty { events.append(.keys(keys)); keys = [] }
        }

        for (index, input) in batch.enumerated() {
            switch input {
            case .pasteBegin:
                flushKeys()
                pasteStarted = now
                return events + continuePaste(Array(batch[(index + 1)...]), at: now)
            case .pasteEnd:
                break
            case .resize(let size):
                flushKeys()
                events.append(.resize(size))
            case .mouse(let event):
                flushKeys()
                events.append(.mouse(event))
            case .key(let key):
                if pendingEscape { keys.append(.escape); pendingEscape = false }
                keys.append(key)
            case .code(27):
                if pendingEscape { keys.append(.escape) }
                pendingEscape = true
            case .code(let code):
                let key = Self.key(for: code)
                if pendingEscape {
                    pendingEscape = false
                    switch key {
                    case .enter: keys.append(.altEnter)
                    case .char(let c): keys.append(.alt(c))
                    case .some(let other): keys.append(contentsOf: [.escape, other])
                    case nil: keys.append(.escape)
                    }
                } else if let key {
                    keys.append(key)
                }
            }
        }
        flushKeys()
        return events
    }

    /// The key a single character code stands for; nil for codes that mean nothing here.
    static func key(for code: UInt32) -> Key? {
        switch code {
        case 13: return .enter
        case 9: return .tab
        case 127: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(UInt8(code) + 0x60)))
        case 0, 28...31: return nil
        default:
            guard let scalar = Unicode.Scalar(code), !TerminalText.isC0OrC1Control(scalar) else { return nil }
            return .char(Character(scalar))
        }
    }
}
