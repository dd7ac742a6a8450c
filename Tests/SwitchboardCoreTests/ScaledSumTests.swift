import XCTest
@testable import SwitchboardCore

/// Prices are added in integers where they fit; the result must be the very Decimal that Decimal arithmetic
/// gives, digits and printed form alike, and anything that does not fit must fall back rather than round.
final class ScaledSumTests: XCTestCase {
    private func decimalSum(_ terms: [(Int, Decimal)]) -> Decimal {
        var total = Decimal(0)
        for (count, rate) in terms where count > 0 { total += Decimal(count) * rate }
        return total
    }

    private func scaledSum(_ terms: [(Int, Decimal)]) -> Decimal? {
        var sum = ScaledSum()
        for (count, rate) in terms { sum.add(count, times: rate) }
        return sum.value
    }

    func testAgreesWithDecimalArithmeticOnCatalogLikePrices() throws {
        var generator = SystemRandomNumberGenerator()
        let rates = ["0.00000015", "0.0000006", "0.000003", "0.000015", "0.00000125", "0.0000000375", "0.00001",
                     "0.0000025", "0.0000001", "0.00000002", "0.0003", "0.04", "0", "1", "0.000000123456789"]
            .compactMap { Decimal(string: $0) }
        var fellBack = 0
        for _ in 0..<2_000 {
            let terms = (0..<Int.random(in: 1...7, using: &generator)).map { _ in
                (Int.random(in: 0...2_000_000, using: &generator), rates.randomElement(using: &generator) ?? 0)
            }
            // A whole-dollar rate beside a fifteen-digit fraction may not fit: that falls back.
            guard let exact = scaledSum(terms) else {
                fellBack += 1
                continue
            }
            let expected = decimalSum(terms)
            XCTAssertEqual(exact, expected, "\(terms)")
            XCTAssertEqual(exact.description, expected.description, "\(terms)")
        }
        XCTAssertLessThan(fellBack, 100, "real prices should nearly always add in integers")
    }

    func testRealCatalogPricesAlwaysFit() throws {
        let catalog = try BundledCatalog.load()
        var checked = 0
        for model in catalog.models {
            for deployment in model.deployments {
                let rates = deployment.price.base
                guard let input = rates.input, let output = rates.output else { continue }
                let terms = [(123_457, input), (4_321, output)] + [rates.cacheRead, rates.cacheWrite].compactMap { $0 }.map { (9_999, $0) }
                let exact = try XCTUnwrap(scaledSum(terms), "\(model.id) via \(deployment.provider)")
                XCTAssertEqual(exact, decimalSum(terms), "\(model.id) via \(deployment.provider)")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 100)
    }

    func testTheTiersCaseIsExact() throws {
        // 250,000 prompt tokens at $2.50/M and 1,000 reply tokens at $15/M: $0.64.
        let sum = scaledSum([(250_000, try XCTUnwrap(Decimal(string: "0.0000025"))),
                             (1_000, try XCTUnwrap(Decimal(string: "0.000015")))])
        XCTAssertEqual(sum, Decimal(string: "0.64"))
    }

    func testWhatDoesNotFitFallsBack() throws {
        let huge = try XCTUnwrap(Decimal(string: "123456789012345678901234567890"))
        XCTAssertNil(scaledSum([(1, huge)]))
        // A sum past 64 bits is still exact; past Decimal's 38 digits it falls back.
        XCTAssertEqual(scaledSum([(Int.max, 7)]), Decimal(Int.max) * 7)
        XCTAssertNil(scaledSum([(Int.max, try XCTUnwrap(Decimal(string: "12345678901234567891")))]))
        // Exponents far apart cannot be aligned in 128 bits.
        let tiny = try XCTUnwrap(Decimal(string: "0.000000000000000000000000000001"))
        XCTAssertNil(scaledSum([(3, 5_000_000_000), (2, tiny)]))
        // A negative rate is not a price this path vouches for.
        XCTAssertNil(scaledSum([(1, -1)]))
    }

    func testNothingBilledIsZero() {
        XCTAssertEqual(scaledSum([]), 0)
        XCTAssertEqual(scaledSum([(0, 5), (10, 0)]), 0)
    }

    func testTokenRatesUseItAndStillPriceWhatDoesNotFit() throws {
        let rates = TokenRates(input: Decimal(string: "0.00000015"), output: Decimal(string: "0.0000006"))
        XCTAssertEqual(rates.cost(of: Usage(input: 1_000, output: 2_000)), Decimal(string: "0.00135"))
        let huge = try XCTUnwrap(Decimal(string: "123456789012345678901234567890"))
        let dear = TokenRates(input: huge, output: 1)
        XCTAssertEqual(dear.cost(of: Usage(input: 2, output: 1)), huge * 2 + 1)
    }
}

/// Moving a price's decimal point gives the very Decimal that multiplying or dividing by a power of ten gives.
final class DecimalPowerOfTenTests: XCTestCase {
    func testScalingAgreesWithArithmetic() throws {
        for text in ["0.00000015", "2.50", "0.0000006", "3", "0", "0.000000083333333333333", "1.10", "-0.5", "123456789.123"] {
            let value = try XCTUnwrap(Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")))
            for (places, power) in [(6, Decimal(1_000_000)), (-6, Decimal(1) / Decimal(1_000_000))] {
                let expected = places > 0 ? value * power : value / Decimal(1_000_000)
                let scaled = value.scaled(byPowerOfTen: places)
                XCTAssertEqual(scaled, expected, "\(text) by 10^\(places)")
                XCTAssertEqual(scaled.description, expected.description, "\(text) by 10^\(places)")
            }
        }
    }

    func testPastTheExponentRangeItFallsBackToArithmetic() {
        let tiny = Decimal(sign: .plus, exponent: -125, significand: 7)
        XCTAssertEqual(tiny.scaled(byPowerOfTen: -6), tiny / Decimal(1_000_000))
    }
}
