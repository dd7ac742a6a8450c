import Foundation
import SwitchboardCore

/// The ranges an imported number must fall in. An archive is a file anyone can edit: a negative cost would lower
/// the spend a `block` budget checks, a negative TTFT shows as nonsense, and a huge token count would overflow
/// the totals. Anything outside is refused with the place and the field, and nothing is imported.
enum ImportChecks {
    /// One request costing more than this is not a real record.
    static let maximumCost = Decimal(1_000_000)
    /// Far above any context window or output limit, and small enough that totals cannot overflow.
    static let maximumTokens = 1_000_000_000
    /// A day: no request's TTFT or duration is longer.
    static let maximumMillis: Int64 = 86_400_000
    /// 2000-01-01T00:00:00Z.
    static let earliestTime: Int64 = 946_684_800_000
    /// Clocks differ a little; a day ahead is not a clock difference.
    static let futureAllowance: TimeInterval = 86_400

    /// An exact, non-negative decimal no larger than `maximumCost`, or nil.
    static func money(_ text: String?, _ field: String) throws -> Money? {
        guard let text else { return nil }
        guard text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), text.contains(where: \.isNumber),
              let money = Money(decimalString: text) else {
            if text.hasPrefix("-") { throw refused(field, "'\(text)' is negative") }
            throw refused(field, "'\(text)' is not a decimal number")
        }
        guard money.amount <= maximumCost else { throw refused(field, "'\(text)' is more than \(maximumCost)") }
        return money
    }

    static func tokens(_ usage: UsageJSON, _ place: String) throws -> Usage {
        let fields = [("input", usage.input), ("output", usage.output), ("cache_read", usage.cacheRead),
                      ("cache_write", usage.cacheWrite), ("reasoning", usage.reasoning),
                      ("cache_write_1h", usage.cacheWrite1h), ("images", usage.images)]
        for (name, value) in fields {
            guard value >= 0 else { throw refused("\(place) usage.\(name)", "\(value) is negative") }
            guard value <= maximumTokens else { throw refused("\(place) usage.\(name)", "\(value) is more than \(maximumTokens)") }
        }
        return usage.usage
    }

    /// A TTFT or duration in milliseconds: 0 up to a day.
    static func millis(_ value: Int64?, _ field: String) throws -> Int64? {
        guard let value else { return nil }
        guard value >= 0 else { throw refused(field, "\(value) is negative") }
        guard value <= maximumMillis else { throw refused(field, "\(value) ms is more than a day") }
        return value
    }

    /// An ISO 8601 time from 2000 up to a day from now.
    static func time(_ text: String, _ field: String, now: Date = Date()) throws -> Date {
        guard let millis = StoredTime.parseISO(text) else { throw refused(field, "'\(text)' is not an ISO 8601 time") }
        let latest = StoredTime.millis(now.addingTimeInterval(futureAllowance))
        guard millis >= earliestTime, millis <= latest else {
            throw refused(field, "'\(text)' is not between 2000 and tomorrow")
        }
        return StoredTime.date(millis)
    }

    static func httpStatus(_ value: Int?, _ field: String) throws -> Int? {
        guard let value else { return nil }
        guard (100...599).contains(value) else { throw refused(field, "\(value) is not an HTTP status") }
        return value
    }

    static func ordinal(_ value: Int, _ field: String) throws -> Int {
        guard (1...10_000).contains(value) else { throw refused(field, "\(value) is not from 1 to 10000") }
        return value
    }

    static func refused(_ field: String, _ problem: String) -> StoreError {
        StoreError.invalidImport(detail: "\(field): \(problem)")
    }
}
