import Foundation

/// An amount in US dollars. Decimal, never Double: sums of many small prices must not drift.
public struct Money: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var amount: Decimal

    public init(_ amount: Decimal) { self.amount = amount }

    public static let zero = Money(0)

    public static func + (lhs: Money, rhs: Money) -> Money { Money(lhs.amount + rhs.amount) }
    public static func - (lhs: Money, rhs: Money) -> Money { Money(lhs.amount - rhs.amount) }
    public static func += (lhs: inout Money, rhs: Money) { lhs.amount += rhs.amount }
    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.amount < rhs.amount }

    /// Exact decimal string, for JSON and storage ("0.000123").
    public var decimalString: String { amount.description }

    /// Parses an exact decimal string; nil for anything that is not a plain number.
    public init?(decimalString: String) {
        guard let value = Decimal(string: decimalString, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
        self.amount = value
    }

    /// For people: enough digits to see sub-cent costs ("$0.000123", "$1.25").
    public var description: String { "$" + Money.format(amount) }

    static func format(_ value: Decimal) -> String {
        let magnitude = abs(value)
        let places: Int
        if magnitude == 0 { return "0.00" }
        if magnitude >= 1 { places = 2 } else if magnitude >= Decimal(sign: .plus, exponent: -2, significand: 1) { places = 4 } else { places = 6 }
        var rounded = Decimal()
        var source = value
        NSDecimalRound(&rounded, &source, places, .plain)
        if rounded == 0 { return value < 0 ? "-0.000000" : "<0.000001" }
        // Decimal drops trailing zeros ("0.3"); money always shows cents ("0.30").
        var text = rounded.description
        let decimals = text.firstIndex(of: ".").map { text.distance(from: $0, to: text.endIndex) - 1 } ?? -1
        if decimals < 0 { text += ".00" } else if decimals < 2 { text += String(repeating: "0", count: 2 - decimals) }
        return text
    }
}

extension Optional where Wrapped == Money {
    /// "$0.0012", or "unknown" when a price was missing: never shown as zero.
    public var displayString: String { self.map(\.description) ?? "unknown" }
}
