import XCTest
@testable import SwitchboardTUI

final class FormatTests: XCTestCase {
    func testDurations() {
        XCTAssertEqual(Format.duration(.milliseconds(151)), "151 ms")
        XCTAssertEqual(Format.duration(.milliseconds(1450)), "1.4 s")
        XCTAssertEqual(Format.duration(nil), "–")
    }

    func testCounts() {
        XCTAssertEqual(Format.count(950), "950")
        XCTAssertEqual(Format.count(12_345), "12.3K")
        XCTAssertEqual(Format.count(128_000), "128K")
        XCTAssertEqual(Format.count(1_048_576), "1.0M")
    }

    func testPricesPerMillion() {
        XCTAssertEqual(Format.perMillion(Decimal(string: "0.15")), "$0.15")
        XCTAssertEqual(Format.perMillion(Decimal(string: "0.0375")), "$0.038")
        XCTAssertEqual(Format.perMillion(15), "$15")
        XCTAssertEqual(Format.perMillion(nil), "?")
    }

    func testSparklineScalesToThePeakAndMarksUnknowns() {
        XCTAssertEqual(Sparkline.render([1, 2, nil, 4], width: 10), "▃▅·█")
        XCTAssertEqual(Sparkline.render([1, 2, 3], width: 2), "▆█")
        XCTAssertEqual(Sparkline.render([0, 0], width: 5), "▁▁")
    }
}

/// History dates come from formatters kept per pattern: each gives what a new formatter gives, however the
/// patterns alternate.
final class FormatDateTests: XCTestCase {
    private func fresh(_ pattern: String, _ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }

    func testEachRangeHasItsPatternAsANewFormatterWritesIt() throws {
        let calendar = Calendar.current
        let now = try XCTUnwrap(calendar.date(from: DateComponents(year: 2026, month: 7, day: 14, hour: 15, minute: 30)))
        let earlierToday = now.addingTimeInterval(-3 * 3600 - 420)
        let thisYear = try XCTUnwrap(calendar.date(from: DateComponents(year: 2026, month: 3, day: 3, hour: 9)))
        let lastYear = try XCTUnwrap(calendar.date(from: DateComponents(year: 2025, month: 12, day: 31, hour: 23)))
        for _ in 0..<2 {
            XCTAssertEqual(Format.date(earlierToday, now: now), fresh("HH:mm", earlierToday))
            XCTAssertEqual(Format.date(earlierToday, now: now), "12:23")
            XCTAssertEqual(Format.date(thisYear, now: now), "Mar 3")
            XCTAssertEqual(Format.date(lastYear, now: now), "2025-12-31")
            XCTAssertEqual(Format.date(now.addingTimeInterval(-60), now: now), fresh("HH:mm", now.addingTimeInterval(-60)))
        }
    }
}

/// Counts and prices written without Foundation's formatter each time give what it gives.
final class FormatFastPathTests: XCTestCase {
    func testCountsBelowAHundredThousandAreWhatPrintfWrites() {
        for value in 1000..<100_000 {
            let expected = String(format: "%.1fK", Double(value) / 1000)
            if Format.count(value) != expected {
                XCTFail("\(value): \(Format.count(value)) != \(expected)")
                return
            }
        }
        XCTAssertEqual(Format.count(999), "999")
        XCTAssertEqual(Format.count(1050), String(format: "%.1fK", 1.05))
        XCTAssertEqual(Format.count(123_456), "123K")
        XCTAssertEqual(Format.count(2_345_678), "2.3M")
    }

    func testPriceLabelsAreTheRoundedPriceHoweverOftenAsked() throws {
        let prices = ["0.15", "0.1549", "0.15049", "2.5", "15", "0.0004", "1", "0.9995", "75.005"].compactMap { Decimal(string: $0) }
        for price in prices + prices {
            var rounded = Decimal()
            var source = price
            NSDecimalRound(&rounded, &source, price < 1 ? 3 : 2, .plain)
            XCTAssertEqual(Format.perMillion(price), "$" + rounded.description)
        }
        XCTAssertEqual(Format.perMillion(Decimal(string: "0.15")), "$0.15")
        XCTAssertEqual(Format.perMillion(Decimal(string: "0.1549")), "$0.155")
        XCTAssertEqual(Format.perMillion(nil), "?")
    }

    func testPriceLabelsStayBounded() {
        let labels = PriceLabels()
        for index in 0..<(PriceLabels.capacity + 10) {
            _ = labels.label(for: Decimal(index)) { "\(index)" }
        }
        XCTAssertLessThanOrEqual(labels.count, PriceLabels.capacity)
        XCTAssertEqual(labels.label(for: Decimal(3)) { "3" }, "3")
    }
}

/// Whole numbers (rates, percentages) are what printf's "%.0f" writes, ties and edges included.
final class FormatWholeNumberTests: XCTestCase {
    func testWholeNumbersAreWhatPrintfWrites() {
        var values: [Double] = [0, -0.0, 0.4, 0.5, 0.49999999999999994, 1.5, 2.5, -0.4, -0.5, -1.5, 99.5, 100.5,
                                1e15, 1e15 - 0.5, 1e20, -1e20, .nan, .infinity, -.infinity, 0.1 * 3 * 100, 2.675 * 100]
        values += (0..<2000).map { Double($0) / 4 }
        values += (0..<500).map { Double($0) * 0.01 * 100 }
        var generator = SystemRandomNumberGenerator()
        values += (0..<500).map { _ in Double.random(in: 0..<100_000, using: &generator) }
        for value in values {
            XCTAssertEqual(Format.wholeNumber(value), String(format: "%.0f", value), "\(value)")
        }
        XCTAssertEqual(Format.rate(159.5), String(format: "%.0f tok/s", 159.5))
        XCTAssertEqual(Format.percent(0.125), String(format: "%.0f%%", 12.5))
        XCTAssertEqual(Format.percent(0.8), "80%")
    }
}
