import Foundation
import SwitchboardCore

/// Times are stored as integer milliseconds since 1970: what the schema holds, and what exports round-trip.
enum StoredTime {
    static func millis(_ date: Date) -> Int64 { MillisecondTime.millis(date) }

    static func date(_ millis: Int64) -> Date {
        Date(timeIntervalSince1970: Double(millis) / 1000)
    }

    /// Rounded as `Duration.milliseconds` rounds, so `ask --json` and the stored attempt give the same figure.
    static func millis(_ duration: Duration) -> Int64 {
        Int64(duration.milliseconds)
    }

    static func duration(_ millis: Int64) -> Duration {
        .milliseconds(millis)
    }

    /// "2025-03-01T09:30:00.250Z": exact to the millisecond in both directions.
    static func iso(_ millis: Int64) -> String { MillisecondTime.iso(millis) }

    /// Parses `iso`'s form; also accepts whole seconds and offsets (`+02:00`). Nil for anything else.
    static func parseISO(_ text: String) -> Int64? {
        let scalars = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= scalars.count else { return nil }
            var value = 0
            for byte in scalars[from..<(from + count)] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        func byte(_ index: Int) -> UInt8? { index < scalars.count ? scalars[index] : nil }
        guard let year = number(0, 4), byte(4) == 0x2D, let month = number(5, 2), byte(7) == 0x2D,
              let day = number(8, 2), byte(10) == 0x54 || byte(10) == 0x20, let hour = number(11, 2), byte(13) == 0x3A,
              let minute = number(14, 2), byte(16) == 0x3A, let second = number(17, 2) else { return nil }
        var index = 19
        var millis = 0
        if byte(index) == 0x2E {
            index += 1
            var digits = 0
            while let next = byte(index), (0x30...0x39).contains(next) {
                if digits < 3 { millis = millis * 10 + Int(next - 0x30) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            if digits < 3 { for _ in digits..<3 { millis *= 10 } }
        }
        var offsetSeconds = 0
        switch byte(index) {
        case 0x5A: index += 1
        case 0x2B, 0x2D:
            guard let hours = number(index + 1, 2), byte(index + 3) == 0x3A, let minutes = number(index + 4, 2) else { return nil }
            offsetSeconds = (hours * 3600 + minutes * 60) * (byte(index) == 0x2D ? -1 : 1)
            index += 6
        default: return nil
        }
        guard index == scalars.count, (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60,
              second < 61 else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let epoch = Int64(timegm(&parts)) - Int64(offsetSeconds)
        return epoch * 1000 + Int64(millis)
    }
}
