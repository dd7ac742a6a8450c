import Foundation

/// `--since`: `24h`, `7d`, `30d` (any number of hours, days or weeks back from now), or a local date
/// `YYYY-MM-DD` (from its midnight).
public enum ReportWindow {
    public static func start(_ text: String, now: Date = Date(), calendar: Calendar = .current) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let unit = trimmed.last, "hdw".contains(unit), let count = Int(trimmed.dropLast()), count > 0 {
            let perUnit = unit == "h" ? 1 : unit == "d" ? 24 : 24 * 7
            // Up to 1,000 years back: a larger count would overflow here or in the stored times it is compared with.
            let (hours, overflowed) = count.multipliedReportingOverflow(by: perUnit)
            guard !overflowed, hours <= maxHours else { return nil }
            return now.addingTimeInterval(-Double(hours) * 3600)
        }
        let parts = trimmed.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = calendar.date(from: components),
              calendar.dateComponents([.year, .month, .day], from: date) == components else { return nil }
        return date
    }

    public static let help = "24h, 7d, 30d (any Nh, Nd, Nw) or a date YYYY-MM-DD"

    /// The furthest back a count of hours, days or weeks may reach: 1,000 years.
    static let maxHours = 1000 * 366 * 24
}
