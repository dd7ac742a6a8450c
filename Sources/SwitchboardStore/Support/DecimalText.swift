import Foundation
import SwitchboardCore

/// Reads the exact decimal strings the store writes ("0.000123", "-1.5"). A hot path: opening a long session
/// reads one or two per message, and `Decimal(string:locale:)` builds a locale on every call.
enum DecimalText {
    static func parse(_ text: String) -> Decimal? {
        var significand: UInt64 = 0
        var significant = 0
        var exponent = 0
        var digits = 0
        var seenPoint = false
        var negative = false
        for (index, byte) in text.utf8.enumerated() {
            switch byte {
            case 0x2D where index == 0:
                negative = true
            case 0x2E where !seenPoint:
                seenPoint = true
            case 0x30...0x39:
                digits += 1
                if significand > 0 || byte != 0x30 { significant += 1 }
                // Beyond 18 significant digits UInt64 could overflow: take the general parser.
                guard significant <= 18 else { return Money(decimalString: text)?.amount }
                significand = significand * 10 + UInt64(byte - 0x30)
                if seenPoint { exponent -= 1 }
            default:
                return nil
            }
        }
        guard digits > 0 else { return nil }
        return Decimal(sign: negative ? .minus : .plus, exponent: exponent, significand: Decimal(significand))
    }
}
