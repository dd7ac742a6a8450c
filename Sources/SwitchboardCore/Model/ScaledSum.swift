import Foundation

/// Σ count × rate added in 128-bit integers: exact, and every bundled catalog price fits (OpenRouter's
/// fifteen-digit cache prices beside seven-digit ones included).
/// Decimal arithmetic costs about a microsecond an operation on Linux, and every finished attempt is priced;
/// this costs nanoseconds. `value` is nil when a term did not fit, and the caller adds in `Decimal` instead.
struct ScaledSum {
    /// The sum so far is `total` × 10^`exponent`.
    private var total: UInt128 = 0
    private var exponent: Int?
    private var fits = true

    mutating func add(_ count: Int, times rate: Decimal) {
        guard fits else { return }
        guard count >= 0, rate.isFinite, !rate.isSignMinus else { return fail() }
        guard count > 0, !rate.isZero else { return }
        let significand = rate.significand
        let digits = NSDecimalNumber(decimal: significand).uint64Value
        guard Decimal(digits) == significand else { return fail() }
        var term = UInt128(digits)
        let termExponent = rate.exponent
        // Both sides at the smaller exponent, so neither loses a digit.
        if let current = exponent, current != termExponent {
            if termExponent > current {
                guard let scaled = Self.scale(term, by: termExponent - current) else { return fail() }
                term = scaled
            } else {
                guard let scaled = Self.scale(total, by: current - termExponent) else { return fail() }
                total = scaled
                exponent = termExponent
            }
        } else if exponent == nil {
            exponent = termExponent
        }
        let (product, productOverflow) = term.multipliedReportingOverflow(by: UInt128(count))
        let (sum, sumOverflow) = total.addingReportingOverflow(product)
        guard !productOverflow, !sumOverflow else { return fail() }
        total = sum
    }

    /// The sum as `Decimal` arithmetic would give it (trailing zeros dropped, as it compacts), nil if a term did
    /// not fit.
    var value: Decimal? {
        guard fits else { return nil }
        guard var exponent, total > 0 else { return Decimal(0) }
        guard total < Self.limit else { return nil }
        var digits = total
        while digits % 10 == 0 {
            digits /= 10
            exponent += 1
        }
        return Decimal(sign: .plus, exponent: exponent, significand: Self.decimal(digits))
    }

    /// Decimal holds 38 digits; more than that would round, so only a sum with fewer is taken.
    private static let limit: UInt128 = 100_000_000_000_000_000_000_000_000_000_000_000_000

    /// `value` as a Decimal: directly below 2^64, else in two halves (a rare sum of many digits).
    private static func decimal(_ value: UInt128) -> Decimal {
        if let small = UInt64(exactly: value) { return Decimal(small) }
        let high = UInt64(truncatingIfNeeded: value >> 64), low = UInt64(truncatingIfNeeded: value)
        return Decimal(high) * (Decimal(UInt64.max) + 1) + Decimal(low)
    }

    private mutating func fail() { fits = false }

    private static func scale(_ value: UInt128, by places: Int) -> UInt128? {
        var result = value
        for _ in 0..<places {
            let (next, overflow) = result.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            result = next
        }
        return result
    }
}
