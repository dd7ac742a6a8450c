import XCTest
@testable import SwitchboardCore

/// Exact costs where the price depends on the request: long-prompt tiers, 1-hour cache writes, per-request fees,
/// reasoning billed apart, images billed per image.
final class PriceTierTests: XCTestCase {
    private func perMillion(_ text: String) -> Decimal? { Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")).map { $0 / 1_000_000 } }
    private func dollars(_ text: String) -> Money? { Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")).map(Money.init) }

    /// Gemini 2.5 Pro as OpenRouter lists it: twice the input price above 200k prompt tokens.
    private var geminiPro: Price {
        Price(base: TokenRates(input: perMillion("1.25"), output: perMillion("10"), cacheRead: perMillion("0.125"),
                               cacheWrite: perMillion("0.375")),
              tiers: [PriceTier(abovePromptTokens: 200_000, rates: TokenRates(input: perMillion("2.5"), output: perMillion("15"),
                                                                              cacheRead: perMillion("0.25")))])
    }

    func testAPromptAboveTheThresholdPricesEveryInputAndOutputTokenAtTheHigherRate() {
        // The issue's case: 250,000 prompt tokens and 1,000 reply tokens cost $0.64, not $0.3225.
        XCTAssertEqual(geminiPro.cost(of: Usage(input: 250_000, output: 1_000)), dollars("0.64"))
    }

    func testAPromptAtTheThresholdStaysOnTheBaseRates() {
        XCTAssertEqual(geminiPro.cost(of: Usage(input: 200_000, output: 1_000)), dollars("0.26"))
        XCTAssertEqual(geminiPro.cost(of: Usage(input: 200_001, output: 1_000)), dollars("0.5150025"))
    }

    func testCachedTokensCountTowardsTheTierAndArePricedAtItsCacheRate() {
        // 150,000 uncached + 60,000 cached = 210,000: above 200k, so all of it at the higher rates.
        let usage = Usage(input: 150_000, output: 1_000, cacheRead: 60_000)
        XCTAssertEqual(geminiPro.cost(of: usage), dollars("0.405"))
        // The same 150,000 uncached tokens alone stay below the threshold.
        XCTAssertEqual(geminiPro.cost(of: Usage(input: 150_000, output: 1_000)), dollars("0.1975"))
    }

    func testARateTheTierDoesNotStateIsUnknownAboveTheThresholdNeverTheBaseRate() {
        // The tier states no cache-write price: 5,000 cache writes in a 250k prompt have no known cost.
        XCTAssertNil(geminiPro.cost(of: Usage(input: 245_000, output: 10, cacheWrite: 5_000)))
        // Below the threshold the base rate is known.
        XCTAssertEqual(geminiPro.cost(of: Usage(input: 1_000, output: 10, cacheWrite: 1_000)), dollars("0.001725"))
    }

    func testTheHighestThresholdThePromptIsAboveApplies() {
        let price = Price(input: perMillion("1"), output: perMillion("2"), tiers: [
            PriceTier(abovePromptTokens: 272_000, rates: TokenRates(input: perMillion("4"), output: perMillion("8"))),
            PriceTier(abovePromptTokens: 128_000, rates: TokenRates(input: perMillion("2"), output: perMillion("4"))),
        ])
        XCTAssertEqual(price.cost(of: Usage(input: 100_000, output: 1_000)), dollars("0.102"))
        XCTAssertEqual(price.cost(of: Usage(input: 200_000, output: 1_000)), dollars("0.404"))
        XCTAssertEqual(price.cost(of: Usage(input: 300_000, output: 1_000)), dollars("1.208"))
        XCTAssertEqual(price.tier(promptTokens: 300_000)?.abovePromptTokens, 272_000)
        XCTAssertNil(price.tier(promptTokens: 128_000))
    }

    func testOneHourCacheWritesArePricedApartFromFiveMinuteOnes() {
        // Claude Sonnet 4.5: $3.75/M for 5-minute writes, $6/M for 1-hour writes.
        let sonnet = Price(input: perMillion("3"), output: perMillion("15"), cacheRead: perMillion("0.3"),
                           cacheWrite: perMillion("3.75"), cacheWrite1h: perMillion("6"))
        let usage = Usage(input: 100, output: 200, cacheWrite: 1_000, cacheWrite1h: 2_000)
        // 100·3 + 200·15 + 1000·3.75 + 2000·6 = 300 + 3000 + 3750 + 12000 = 19050 per million
        XCTAssertEqual(sonnet.cost(of: usage), dollars("0.01905"))
        var unknown1h = sonnet
        unknown1h.cacheWrite1h = nil
        XCTAssertNil(unknown1h.cost(of: usage))
        XCTAssertEqual(unknown1h.cost(of: Usage(input: 100, output: 200, cacheWrite: 1_000)), dollars("0.00705"))
    }

    func testOneHourCacheWritesCountTowardsTheTier() {
        let price = Price(input: perMillion("3"), output: perMillion("15"), cacheWrite1h: perMillion("6"), tiers: [
            PriceTier(abovePromptTokens: 200_000, rates: TokenRates(input: perMillion("6"), output: perMillion("22.5"),
                                                                    cacheWrite1h: perMillion("12"))),
        ])
        // 1,000 uncached + 200,000 written to the 1-hour cache = 201,000: the higher tier.
        XCTAssertEqual(price.cost(of: Usage(input: 1_000, output: 100, cacheWrite1h: 200_000)), dollars("2.40825"))
    }

    func testAPerRequestFeeIsAddedOnceToARequestThatWasServed() {
        let price = Price(input: perMillion("1"), output: perMillion("2"), perRequest: Decimal(string: "0.005"))
        XCTAssertEqual(price.cost(of: Usage(input: 1_000, output: 500)), dollars("0.007"))
        XCTAssertEqual(price.cost(of: .zero), .zero)
        XCTAssertEqual(price.worstCase(promptTokens: 1_000, outputTokens: 500), dollars("0.007"))
    }

    func testReasoningIsBilledAsOutputUnlessItHasARateOfItsOwn() {
        // usage.output includes the 600 reasoning tokens.
        let usage = Usage(input: 0, output: 1_000, reasoning: 600)
        let asOutput = Price(input: perMillion("2"), output: perMillion("8"))
        XCTAssertEqual(asOutput.cost(of: usage), dollars("0.008"))
        // Perplexity Sonar Deep Research on OpenRouter: reasoning $3/M, completion $8/M.
        let apart = Price(input: perMillion("2"), output: perMillion("8"), reasoning: perMillion("3"))
        XCTAssertEqual(apart.cost(of: usage), dollars("0.005"))
    }

    func testImagesBilledPerImageUseTheImagePriceAndAreUnknownWithoutOne() {
        let priced = Price(input: perMillion("1"), output: perMillion("2"), image: Decimal(string: "0.001"))
        XCTAssertEqual(priced.cost(of: Usage(input: 1_000, output: 1_000, images: 3)), dollars("0.006"))
        XCTAssertNil(Price(input: perMillion("1"), output: perMillion("2")).cost(of: Usage(input: 10, images: 1)))
    }

    func testAnUnknownPriceIsNeverAGuess() {
        XCTAssertNil(Price.unknown.cost(of: Usage(input: 250_000, output: 1)))
        XCTAssertNil(Price(input: perMillion("1"), output: nil).worstCase(promptTokens: 1, outputTokens: 1))
        let tierWithoutOutput = Price(input: perMillion("1"), output: perMillion("2"), tiers: [
            PriceTier(abovePromptTokens: 10, rates: TokenRates(input: perMillion("2"), output: nil)),
        ])
        XCTAssertNil(tierWithoutOutput.worstCase(promptTokens: 11, outputTokens: 1))
        XCTAssertEqual(tierWithoutOutput.worstCase(promptTokens: 10, outputTokens: 1), dollars("0.000012"))
    }

    func testTheWorstCaseUsesTheTierOfThePromptAndTheDearestRates() {
        // 250,000 prompt tokens with up to 8,192 reply tokens: all at the above-200k rates.
        XCTAssertEqual(geminiPro.worstCase(promptTokens: 250_000, outputTokens: 8_192), dollars("0.74788"))
        // Below the threshold the prompt could all be cache writes, which cost less than input here: input wins.
        XCTAssertEqual(geminiPro.worstCase(promptTokens: 1_000, outputTokens: 100), dollars("0.00225"))
        // Automatic cache breakpoints may write the whole prompt to the 5-minute cache at 1.25 times the input
        // price: the worst case holds that much (1-hour writes, never asked for, are not held).
        let sonnet = Price(input: perMillion("3"), output: perMillion("15"), cacheWrite: perMillion("3.75"),
                           cacheWrite1h: perMillion("6"), reasoning: nil)
        XCTAssertEqual(sonnet.worstCase(promptTokens: 1_000, outputTokens: 1_000), dollars("0.01875"))
        XCTAssertEqual(sonnet.worstCase(promptTokens: 1_000, outputTokens: 1_000),
                       sonnet.cost(of: Usage(output: 1_000, cacheWrite: 1_000)))
        // A reasoning rate above the output rate is what each reply token may cost.
        let dearReasoning = Price(input: perMillion("1"), output: perMillion("2"), reasoning: perMillion("5"))
        XCTAssertEqual(dearReasoning.worstCase(promptTokens: 1_000, outputTokens: 1_000), dollars("0.006"))
    }

    func testUsageStoredBeforeTheNewKindsStillDecodes() throws {
        let old = #"{"input":10,"output":20,"cacheRead":3,"cacheWrite":4,"reasoning":5}"#
        let usage = try JSONDecoder().decode(Usage.self, from: Data(old.utf8))
        XCTAssertEqual(usage, Usage(input: 10, output: 20, cacheRead: 3, cacheWrite: 4, reasoning: 5))
        let full = Usage(input: 1, output: 2, cacheRead: 3, cacheWrite: 4, reasoning: 1, cacheWrite1h: 6, images: 7)
        XCTAssertEqual(try JSONDecoder().decode(Usage.self, from: JSONEncoder().encode(full)), full)
        XCTAssertEqual(full.promptTotal, 14)
    }
}

/// The budget hold's tier when the prompt size is only an estimate.
final class BudgetTierMarginTests: XCTestCase {
    private let geminiPro = Price(input: Decimal(string: "0.00000125"), output: Decimal(string: "0.00001"), tiers: [
        PriceTier(abovePromptTokens: 200_000, rates: TokenRates(input: Decimal(string: "0.0000025"), output: Decimal(string: "0.000015"))),
    ])

    func testAPromptEstimatedJustBelowTheThresholdIsHeldAtTheHigherRates() {
        // Estimated 190,000 tokens may be 209,000 real ones, above 200k: the estimate is held at $2.50/M and $15/M.
        XCTAssertEqual(BudgetPolicy.worstCase(promptTokens: 190_000, outputTokens: 1_000, price: geminiPro),
                       Money(Decimal(string: "0.49")!))
        // Far below the threshold the base rates are held.
        XCTAssertEqual(BudgetPolicy.worstCase(promptTokens: 100_000, outputTokens: 1_000, price: geminiPro),
                       Money(Decimal(string: "0.135")!))
        // The price itself, asked about an exact prompt, uses that prompt's tier.
        XCTAssertEqual(geminiPro.worstCase(promptTokens: 190_000, outputTokens: 1_000), Money(Decimal(string: "0.2475")!))
    }
}
