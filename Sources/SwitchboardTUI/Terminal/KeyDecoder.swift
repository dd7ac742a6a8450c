import Foundation

/// One unit of input as the curses driver reads it, before decoding.
public enum RawInput: Sendable, Equatable {
    /// A character code from `wget_wch` (OK).
    case code(UInt32)
    /// A function key the driver already recognised.
    case key(Key)
    case pasteBegin
    case pasteEnd
    case resize(Size)
}

/// Turns raw input into terminal events: control codes become Ctrl keys, ESC followed at once by another key is
/// Alt, carriage return is Enter while line feed is Ctrl-J, and everything between the bracketed-paste markers
/// becomes one paste (so 100 KB of pasted text is one event, not 100,000 keystrokes). Pure and stateful across
/// batches: a paste may span several reads.
public struct KeyDecoder: Sendable {
    private var pasting = false
    private var pasted = String.UnicodeScalarView()

    public init() {}

    public mutating func decode(_ batch: [RawInput]) -> [TerminalEvent] {
        var events: [TerminalEvent] = []
        var keys: [Key] = []
        var pendingEscape = false

        func flushKeys() {
            if pendingEscape { keys.append(.escape); pendingEscape = false }
            if !keys.isEmpty { events.append(.keys(keys)); keys = [] }
        }

        for input in batch {
            if pasting {
                switch input {
                case .pasteEnd:
                    pasting = false
                    events.append(.paste(String(pasted)))
                    pasted = String.UnicodeScalarView()
                case .code(let code):
                    if let scalar = Unicode.Scalar(code == 13 ? 10 : code) { pasted.append(scalar) }
                case .resize(let size):
                    events.append(.resize(size))
                case .key, .pasteBegin:
                    break
                }
                continue
            }
            switch input {
            case .pasteBegin:
                flushKeys()
                pasting = true
            case .pasteEnd:
                break
            case .resize(let size):
                flushKeys()
                events.append(.resize(size))
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
            guard let scalar = Unicode.Scalar(code), !TerminalTextScalars.isControl(scalar) else { return nil }
            return .char(Character(scalar))
        }
    }
}

enum TerminalTextScalars {
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x20 || value == 0x7F || (0x80...0x9F).contains(value)
    }
}
