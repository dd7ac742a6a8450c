import Foundation

extension Decimal {
    /// `self` × 10^`places`, exact: the exponent moves and no arithmetic is done. Decimal's multiply and divide
    /// cost microseconds on Linux, and per-million prices are shown for every catalog model the picker lists.
    public func scaled(byPowerOfTen places: Int) -> Decimal {
        let moved = exponent + places
        // Decimal's exponent is a signed byte; past it, the arithmetic (which rounds or overflows as it must).
        guard isFinite, (-128...127).contains(moved) else {
            var power = Decimal(1)
            for _ in 0..<abs(places) { power *= 10 }
            return places >= 0 ? self * power : self / power
        }
        return Decimal(sign: sign, exponent: moved, significand: significand)
    }
}
