import Foundation
import SwitchboardCore

/// Short forms of numbers for narrow columns.
public enum Format {
    /// "151 ms", "1.4 s", "2 s": Core's one text for a duration; "–" when unknown.
    public static func duration(_ value: Duration?) -> String {
        value?.formattedSeconds ?? "–"
    }

    /// "950", "12.3K", "1.2M".
    public static func count(_ value: Int) -> String {
        switch value {
        case ..<1000: return "\(value)"
        case ..<100_000 where value % 100 != 50:
            // "%.1f" of value / 1000 without Foundation's formatter (the sidebar shows several a frame): away from
            // a tie the rounding is plain; at a tie (…50) it depends on the binary value, so that case asks printf.
            let tenths = value / 100 + (value % 100 > 50 ? 1 : 0)
            return "\(tenths / 10).\(tenths % 10)K"
        case ..<100_000: return String(format: "%.1fK", Double(value) / 1000)
        case ..<1_000_000: return "\(value / 1000)K"
        default: return String(format: "%.1fM", Double(value) / 1_000_000)
        }
    }

    /// Dollars per million tokens: "$0.15", "$15", "?" when unknown.
    public static func perMillion(_ value: Decimal?) -> String {
        guard let value else { return "?" }
        return PriceLabels.shared.label(for: value) {
            var rounded = Decimal()
            var source = value
            NSDecimalRound(&rounded, &source, value < 1 ? 3 : 2, .plain)
            return "$" + rounded.description
        }
    }

    public static func rate(_ tokensPerSecond: Double?) -> String {
        guard let tokensPerSecond, tokensPerSecond.isFinite else { return "–" }
        return wholeNumber(tokensPerSecond) + " tok/s"
    }

    public static func percent(_ fraction: Double) -> String {
        wholeNumber(fraction * 100) + "%"
    }

    /// printf's "%.0f" without Foundation's formatter (the sidebar writes a few a frame): half to even on the
    /// binary value, as printf rounds. What an Int cannot hold, and a negative value that rounds to "-0", still
    /// go to printf.
    static func wholeNumber(_ value: Double) -> String {
        let rounded = value.rounded(.toNearestOrEven)
        guard rounded.magnitude < 1e15, !(rounded == 0 && value.sign == .minus) else { return String(format: "%.0f", value) }
        return String(Int(rounded))
    }

    /// "14:03" today, "Mar 3" this year, "2023-03-03" before.
    public static func date(_ date: Date, now: Date = Date()) -> String {
        let calendar = Calendar.current
        let pattern: String
        if calendar.isDate(date, inSameDayAs: now) {
            pattern = "HH:mm"
        } else if calendar.component(.year, from: date) == calendar.component(.year, from: now) {
            pattern = "MMM d"
        } else {
            pattern = "yyyy-MM-dd"
        }
        return DatePatterns.shared.string(from: date, pattern: pattern)
    }
}

/// One `DateFormatter` per pattern, made on first use: making one loads ICU's locale data and cost more than the
/// rest of a history row (the browser draws thirty a frame).
final class DatePatterns: @unchecked Sendable {
    // @unchecked: `formatters` is read and written, and each formatter used, under `lock`.
    static let shared = DatePatterns()

    private let lock = NSLock()
    private var formatters: [String: DateFormatter] = [:]

    func string(from date: Date, pattern: String) -> String {
        lock.withLock {
            if let formatter = formatters[pattern] { return formatter.string(from: date) }
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.dateFormat = pattern
            formatters[pattern] = formatter
            return formatter.string(from: date)
        }
    }
}

/// Unicode block sparklines: one character per value, scaled to the largest; unknown values show as `·`.
public enum Sparkline {
    static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    public static func render(_ values: [Double?], width: Int) -> String {
        let shown = values.suffix(max(0, width))
        let peak = shown.compactMap { $0 }.max() ?? 0
        return String(shown.map { value -> Character in
            guard let value else { return "·" }
            guard peak > 0 else { return levels[0] }
            let level = Int((value / peak * Double(levels.count - 1)).rounded())
            return levels[min(max(0, level), levels.count - 1)]
        })
    }
}

/// `Format.perMillion`'s text by price, kept: the picker and the sidebar show the same few prices every frame, and
/// rounding a `Decimal` and writing it out cost more than the rest of a picker row. A pure function's memo,
/// emptied past `capacity` prices so it stays small.
final class PriceLabels: @unchecked Sendable {
    // @unchecked: `labels` is read and written under `lock`.
    static let shared = PriceLabels()
    static let capacity = 4_096

    private let lock = NSLock()
    private var labels: [Decimal: String] = [:]

    func label(for price: Decimal, make: () -> String) -> String {
        if let known = lock.withLock({ labels[price] }) { return known }
        let label = make()
        lock.withLock {
            if labels.count >= Self.capacity { labels.removeAll() }
            labels[price] = label
        }
        return label
    }

    var count: Int { lock.withLock { labels.count } }
}
