import Foundation

/// The one conversion of a `Duration` to numbers and to text: the ledger, `ask --json`, `history show`, the
/// workbench and the benchmarks all read a duration through here, so the same attempt shows the same figure
/// everywhere (rounded to the nearest millisecond, not cut in one place and rounded in another).
extension Duration {
    /// Seconds as a Double, for rates and display.
    public var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    /// Whole milliseconds, rounded to the nearest.
    public var milliseconds: Int { Int((seconds * 1000).rounded()) }

    /// "250 ms" below a second; "30 s" for whole seconds; "1.5 s" otherwise (one decimal, never "2.0 s").
    /// A duration that rounds to 1000 ms reads "1 s", not "1000 ms".
    public var formattedSeconds: String {
        let ms = milliseconds
        if ms < 1000 { return "\(ms) ms" }
        let tenths = String(format: "%.1f", seconds)
        return (tenths.hasSuffix(".0") ? String(tenths.dropLast(2)) : tenths) + " s"
    }
}
