import Foundation
import SwitchboardCore

/// How values cross to PostgreSQL. Money travels as its exact decimal text (`$1::numeric` in, `col::text` out), so
/// no float ever touches it; times the SQLite store keeps in milliseconds are bigint milliseconds here too, so the
/// neutral records read back identical.
enum PostgresValues {
    /// Milliseconds since 1970, as the SQLite store keeps times.
    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    static func date(millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }
    /// Rounded as `Duration.milliseconds` rounds, like the SQLite store.
    static func millis(_ duration: Duration) -> Int64 { Int64(duration.milliseconds) }
    static func duration(millis: Int64) -> Duration { .milliseconds(millis) }

    /// A numeric column read as `::text` back to money; nil stays nil (an unknown price is never zero).
    static func money(_ text: String?) throws -> Money? {
        guard let text else { return nil }
        guard let money = Money(decimalString: text) else {
            throw PostgresStoreError.database(doing: "read an amount", message: "not a decimal: \(text)")
        }
        return money
    }
}
