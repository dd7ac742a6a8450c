import Foundation

/// Reading values out of `JSONSerialization` output without losing price digits.
enum CatalogJSONValue {
    /// A price as an exact Decimal. JSON numbers are read from their shortest round-trip text (`3e-06` becomes
    /// 0.000003 exactly, not 0.0000030000000000000002); numbers JSONSerialization kept as NSDecimalNumber keep
    /// all their digits; strings (OpenRouter) are parsed as written. Anything else is unknown (nil).
    static func decimal(_ value: Any?) -> Decimal? {
        switch value {
        case let number as NSDecimalNumber:
            return number.decimalValue
        case let number as NSNumber:
            let double = number.doubleValue
            guard double.isFinite else { return nil }
            return Decimal(string: "\(double)", locale: posix) ?? number.decimalValue
        case let text as String:
            return decimal(text: text)
        default:
            return nil
        }
    }

    /// Parses a plain decimal or scientific number; nil for anything that is not entirely a number.
    static func decimal(text: String) -> Decimal? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.allSatisfy({ "0123456789.eE+-".contains($0) }) else { return nil }
        guard let first = trimmed.first, first.isNumber || first == "-" || first == "." else { return nil }
        return Decimal(string: trimmed, locale: posix)
    }

    /// A whole number of tokens; nil when missing, not a number, or not positive.
    static func int(_ value: Any?) -> Int? {
        guard let number = value as? NSNumber else { return nil }
        let double = number.doubleValue
        guard double.isFinite, double >= 1, double < 1e15 else { return nil }
        return Int(double)
    }

    static func bool(_ value: Any?) -> Bool {
        (value as? Bool) ?? false
    }

    static func string(_ value: Any?) -> String? {
        guard let text = value as? String, !text.isEmpty else { return nil }
        return text
    }

    private static let posix = Locale(identifier: "en_US_POSIX")
}
