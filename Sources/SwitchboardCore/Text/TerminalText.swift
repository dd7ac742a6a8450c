import Foundation

/// Makes untrusted text (model output, stored history) safe to print: no control character or escape sequence
/// reaches a terminal raw, so a reply cannot retitle the window, move the cursor or clear the screen.
public enum TerminalText {
    /// Newlines and tabs stay; every other C0/C1 control and DEL becomes a visible symbol (ESC shows as ␛).
    public static func inert(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\n" || scalar == "\t" { result.append(scalar) } else { result.append(standIn(for: scalar) ?? scalar) }
        }
        return String(result)
    }

    /// The visible symbol a control character is shown as, or nil when `scalar` is safe to draw as it is. Newline
    /// and tab count as controls here: callers that keep them (like `inert`) check for them first. The workbench's
    /// screen buffer draws every scalar through this, so the CLI and every pane agree on what is a control.
    public static func standIn(for scalar: Unicode.Scalar) -> Unicode.Scalar? {
        let value = scalar.value
        guard value < 0x20 || isControl(scalar) else { return nil }
        if value < 0x20 { return Unicode.Scalar(0x2400 + value) }   // U+2400 control pictures: ␀ … ␟, ␛ for ESC
        if value == 0x7F { return "\u{2421}" }                     // ␡
        return "\u{FFFD}"          // C1 controls (0x80–0x9F, including the 8-bit CSI) and bidi controls
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (isC0OrC1Control(scalar) && value != 0x0A && value != 0x09) || isBidiControl(value)
    }

    /// C0 (newline and tab included), DEL and C1: the codes that are never text. The workbench's key decoder drops
    /// these when typed; bidi marks are text a person may type on purpose, and are only drawn as stand-ins.
    public static func isC0OrC1Control(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x20 || value == 0x7F || (0x80...0x9F).contains(value)
    }

    /// Embedding, override and isolate controls (U+202A–202E, U+2066–2069) and the invisible direction marks
    /// (LRM U+200E, RLM U+200F, ALM U+061C) reorder what follows them on screen ("Trojan Source"); they become
    /// visible replacement characters too.
    static func isBidiControl(_ value: UInt32) -> Bool {
        (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value) || value == 0x200E || value == 0x200F
            || value == 0x061C
    }
}
