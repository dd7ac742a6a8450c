import XCTest
@testable import SwitchboardCore

final class RouteConstraintsTests: XCTestCase {
    private func perMillion(_ text: String?) -> Decimal? { text.flatMap { Decimal(string: $0) }.map { $0 / 1_000_000 } }

    private func candidate(_ model: String, input: String?, output: String?, window: Int? = nil, maxOutput: Int? = nil,
                           capabilities: Set<Capability> = []) -> RouteCandidate {
        RouteCandidate(model: model, deployment: Deployment(provider: "p", providerModel: model,
                                                            price: Price(input: perMillion(input), output: perMillion(output)),
                                                            contextWindow: window, maxOutput: maxOutput, capabilities: capabilities),
                       reason: "test")
    }

    func testPriceCeilingsRejectDearAndUnknownPrices() {
        let cheap = candidate("cheap", input: "0.15", output: "0.6")
        let dear = candidate("dear", input: "3", output: "15")
        let unknown = candidate("unknown", input: nil, output: nil)
        let limits = RouteConstraints(maxInputPerMillion: 1, maxOutputPerMillion: Decimal(string: "0.6"))
        let outcome = limits.filter([dear, cheap, unknown], promptTokens: 10, maxOutputTokens: 10)
        XCTAssertEqual(outcome.kept, [cheap])
        XCTAssertEqual(outcome.rejected.map(\.reason), ["input $3/M is above the $1/M limit", "input price unknown (limit $1/M)"])
        XCTAssertEqual(outcome.rejected.map(\.candidate), [dear, unknown])

        let outputOnly = RouteConstraints(maxOutputPerMillion: 10)
        XCTAssertEqual(outputOnly.rejection(of: dear.deployment, promptTokens: 0, maxOutputTokens: 0), "output $15/M is above the $10/M limit")
        XCTAssertNil(RouteConstraints.none.rejection(of: unknown.deployment, promptTokens: 0, maxOutputTokens: 0))
    }

    func testRequiredCapabilities() {
        let plain = candidate("plain", input: "1", output: "1", capabilities: [.tools])
        let full = candidate("full", input: "1", output: "1", capabilities: [.tools, .vision, .reasoning])
        let limits = RouteConstraints(requiredCapabilities: [.vision, .reasoning])
        let outcome = limits.filter([plain, full], promptTokens: 0, maxOutputTokens: nil)
        XCTAssertEqual(outcome.kept, [full])
        XCTAssertEqual(outcome.rejected.first?.reason, "lacks reasoning, vision")
    }

    func testTheConversationMustFitTheWindow() {
        let small = candidate("small", input: "1", output: "1", window: 1000, maxOutput: 4096)
        let unknown = candidate("unknown-window", input: "1", output: "1")
        XCTAssertNil(RouteConstraints.none.rejection(of: small.deployment, promptTokens: 900, maxOutputTokens: 100))
        XCTAssertEqual(RouteConstraints.none.rejection(of: small.deployment, promptTokens: 901, maxOutputTokens: 100),
                       "context window 1000 cannot hold ~901 prompt + 100 reply tokens")
        XCTAssertNil(RouteConstraints.none.rejection(of: unknown.deployment, promptTokens: 5_000_000, maxOutputTokens: 100))
        // No requested maximum: reserve min(maxOutput, 1024).
        XCTAssertEqual(RouteConstraints.none.rejection(of: small.deployment, promptTokens: 0, maxOutputTokens: nil),
                       "context window 1000 cannot hold ~0 prompt + 1024 reply tokens")
        let tiny = candidate("tiny", input: "1", output: "1", window: 1000, maxOutput: 200)
        XCTAssertNil(RouteConstraints.none.rejection(of: tiny.deployment, promptTokens: 800, maxOutputTokens: nil))
        XCTAssertNotNil(RouteConstraints.none.rejection(of: tiny.deployment, promptTokens: 801, maxOutputTokens: nil))
    }

    func testAHugeReplyLimitIsRejectedInsteadOfOverflowing() {
        // `--max-tokens 9223372036854775807` used to trap here (prompt + reply past Int.max).
        let window = candidate("window", input: "1", output: "1", window: 128_000)
        XCTAssertEqual(RouteConstraints.none.rejection(of: window.deployment, promptTokens: 10, maxOutputTokens: Int.max),
                       "context window 128000 cannot hold ~10 prompt + \(Int.max) reply tokens")
        XCTAssertNotNil(RouteConstraints.none.rejection(of: window.deployment, promptTokens: Int.max, maxOutputTokens: 1))
        XCTAssertNotNil(RouteConstraints.none.rejection(of: window.deployment, promptTokens: Int.min, maxOutputTokens: -1))
        XCTAssertNil(RouteConstraints.none.rejection(of: window.deployment, promptTokens: 10, maxOutputTokens: 100_000))
    }

    func testMinimumContextAfterAContextLengthError() {
        let small = candidate("small", input: "1", output: "1", window: 8000)
        let large = candidate("large", input: "1", output: "1", window: 200_000)
        let limits = RouteConstraints(minContext: 8001)
        let outcome = limits.filter([small, large], promptTokens: 10, maxOutputTokens: 10)
        XCTAssertEqual(outcome.kept, [large])
        XCTAssertEqual(outcome.rejected.first?.reason, "context window 8000 is below the required 8001")
    }

    func testMergingKeepsTheTighterOfEach() {
        let global = RouteConstraints(maxInputPerMillion: 5, requiredCapabilities: [.tools], minContext: 1000)
        let route = RouteConstraints(maxInputPerMillion: 2, maxOutputPerMillion: 8, requiredCapabilities: [.vision], minContext: 500)
        XCTAssertEqual(global.merged(with: route), RouteConstraints(maxInputPerMillion: 2, maxOutputPerMillion: 8,
                                                                   requiredCapabilities: [.tools, .vision], minContext: 1000))
        XCTAssertEqual(RouteConstraints.none.merged(with: .none), .none)
        XCTAssertTrue(RouteConstraints.none.isEmpty)
        XCTAssertFalse(global.isEmpty)
    }
}
