import XCTest
@testable import SwitchboardCore

final class BudgetPolicyTests: XCTestCase {
    private func dollars(_ text: String) -> Money { Money(Decimal(string: text) ?? -1) }

    private func perMillion(_ text: String?) -> Decimal? { text.flatMap { Decimal(string: $0) }.map { $0 / 1_000_000 } }

    private func candidate(_ model: String, input: String?, output: String?, maxOutput: Int? = nil) -> RouteCandidate {
        RouteCandidate(model: model, deployment: Deployment(provider: "p", providerModel: model,
                                                            price: Price(input: perMillion(input), output: perMillion(output)),
                                                            maxOutput: maxOutput),
                       reason: "test")
    }

    /// $3/M in, $15/M out: 1,000 prompt + 2,000 reply tokens cost at most $0.033.
    private lazy var pro = candidate("demo/pro", input: "3", output: "15")
    /// $0.15/M in, $0.60/M out: the same request costs at most $0.00135.
    private lazy var mini = candidate("demo/mini", input: "0.15", output: "0.60")
    /// $10/M in, $20/M out: 1,000 + 1,500 tokens cost at most $0.04.
    private lazy var four = candidate("x/four-cents", input: "10", output: "20")

    func testWorstCaseIsExact() {
        XCTAssertEqual(BudgetPolicy.worstCase(promptTokens: 1000, outputTokens: 2000, price: pro.deployment.price), dollars("0.033"))
        XCTAssertEqual(BudgetPolicy.worstCase(promptTokens: 1000, outputTokens: 2000, price: mini.deployment.price), dollars("0.00135"))
        XCTAssertEqual(BudgetPolicy.worstCase(promptTokens: 1000, outputTokens: 1500, price: four.deployment.price), dollars("0.04"))
        XCTAssertNil(BudgetPolicy.worstCase(promptTokens: 1, outputTokens: 1, price: Price(input: 1, output: nil)))
        XCTAssertEqual(BudgetPolicy.worstCase(promptTokens: 5, outputTokens: 5, price: .free), .zero)
    }

    func testOutputBoundFollowsTheRequestThenTheDeploymentCapped() {
        XCTAssertEqual(BudgetPolicy.outputBound(requested: 500, deployment: candidate("a", input: "1", output: "1", maxOutput: 100).deployment), 500)
        XCTAssertEqual(BudgetPolicy.outputBound(requested: nil, deployment: candidate("a", input: "1", output: "1", maxOutput: 32_000).deployment), 8192)
        XCTAssertEqual(BudgetPolicy.outputBound(requested: nil, deployment: candidate("a", input: "1", output: "1", maxOutput: 4096).deployment), 4096)
        XCTAssertEqual(BudgetPolicy.outputBound(requested: nil, deployment: candidate("a", input: "1", output: "1").deployment), 8192)
    }

    func testWithoutLimitsEverythingFitsAndTheWorstCaseIsReserved() {
        let policy = BudgetPolicy(limits: BudgetLimits())
        XCTAssertEqual(policy.decide(candidates: [pro], promptTokens: 1000, maxOutputTokens: 2000, spend: BudgetSpend()),
                       .fits(reserve: dollars("0.033"), warnings: []))
        let unknown = candidate("x/unknown", input: nil, output: nil)
        XCTAssertEqual(policy.decide(candidates: [unknown], promptTokens: 1000, maxOutputTokens: 2000, spend: BudgetSpend()),
                       .fits(reserve: nil, warnings: []))
    }

    func testBlockNamesTheBudgetTheSpendAndTheLimit() {
        let policy = BudgetPolicy(limits: BudgetLimits(daily: dollars("5")))
        let decision = policy.decide(candidates: [four], promptTokens: 1000, maxOutputTokens: 1500,
                                     spend: BudgetSpend(today: dollars("4.98"), thisMonth: dollars("20")))
        XCTAssertEqual(decision, .block("daily budget $5.00 reached: spent $4.98 + this request up to $0.04 on x/four-cents via p"))
    }

    func testExactlyReachingALimitStillFits() {
        let policy = BudgetPolicy(limits: BudgetLimits(daily: dollars("5"), warnAt: 1))
        let decision = policy.decide(candidates: [four], promptTokens: 1000, maxOutputTokens: 1500,
                                     spend: BudgetSpend(today: dollars("4.96")))
        XCTAssertEqual(decision, .fits(reserve: dollars("0.04"), warnings: ["daily budget at 100%: $5.00 of $5.00 with this request"]))
    }

    func testPerRequestLimit() {
        let policy = BudgetPolicy(limits: BudgetLimits(perRequest: dollars("0.03")))
        XCTAssertEqual(policy.decide(candidates: [pro], promptTokens: 1000, maxOutputTokens: 2000, spend: BudgetSpend()),
                       .block("per-request budget $0.03 exceeded: this request may cost up to $0.033 on demo/pro via p"))
        XCTAssertEqual(policy.decide(candidates: [mini], promptTokens: 1000, maxOutputTokens: 2000, spend: BudgetSpend()),
                       .fits(reserve: dollars("0.00135"), warnings: []))
    }

    func testWarningsStartAtTheThreshold() {
        let policy = BudgetPolicy(limits: BudgetLimits(daily: dollars("5"), monthly: dollars("100")))
        let at80 = policy.decide(candidates: [four], promptTokens: 1000, maxOutputTokens: 1500,
                                 spend: BudgetSpend(today: dollars("3.96"), thisMonth: dollars("10")))
        XCTAssertEqual(at80, .fits(reserve: dollars("0.04"), warnings: ["daily budget at 80%: $4.00 of $5.00 with this request"]))
        let below = policy.decide(candidates: [four], promptTokens: 1000, maxOutputTokens: 1500,
                                  spend: BudgetSpend(today: dollars("3.95"), thisMonth: dollars("10")))
        XCTAssertEqual(below, .fits(reserve: dollars("0.04"), warnings: []))
    }

    func testDowngradeMovesToTheFirstCheaperCandidateThatFits() {
        var limits = BudgetLimits(daily: dollars("1"), onExceed: .downgrade)
        let spend = BudgetSpend(today: dollars("0.99"))
        let decision = BudgetPolicy(limits: limits).decide(candidates: [pro, four, mini], promptTokens: 1000, maxOutputTokens: 2000, spend: spend)
        XCTAssertEqual(decision, .downgrade(
            to: 2, reserve: dollars("0.00135"),
            because: "daily budget $1.00 reached: spent $0.99 + this request up to $0.033 on demo/pro via p; "
                + "downgraded from demo/pro via p to demo/mini via p",
            warnings: ["daily budget at 99%: $0.9914 of $1.00 with this request"]))

        limits.onExceed = .block
        guard case .block = BudgetPolicy(limits: limits).decide(candidates: [pro, mini], promptTokens: 1000, maxOutputTokens: 2000, spend: spend) else {
            return XCTFail("block mode must not downgrade")
        }
    }

    func testDowngradeBlocksWhenNothingFits() {
        let policy = BudgetPolicy(limits: BudgetLimits(session: dollars("0.50"), onExceed: .downgrade))
        let decision = policy.decide(candidates: [pro, mini], promptTokens: 1000, maxOutputTokens: 2000,
                                     spend: BudgetSpend(thisSession: dollars("0.50")))
        XCTAssertEqual(decision, .block("session budget $0.50 reached: spent $0.50 + this request up to $0.033 on demo/pro via p; "
            + "no cheaper candidate fits either"))
    }

    func testUnknownPriceCannotBeShownToFitWhenAnyLimitApplies() {
        let unknown = candidate("x/unknown", input: "1", output: nil)
        let policy = BudgetPolicy(limits: BudgetLimits(monthly: dollars("50"), onExceed: .downgrade))
        XCTAssertEqual(policy.check(worstCase: nil, spend: BudgetSpend(), label: "x/unknown via p"),
                       .exceeds(.monthly, message: "monthly budget $50.00 is set and x/unknown via p has no known price, "
                        + "so this request cannot be shown to fit"))
        guard case .downgrade(to: 1, _, _, _) = policy.decide(candidates: [unknown, mini], promptTokens: 10, maxOutputTokens: 10,
                                                              spend: BudgetSpend()) else {
            return XCTFail("a priced candidate should take over")
        }
    }

    func testAFreeRequestFitsEvenOverBudget() {
        let local = RouteCandidate(model: "ollama/llama3", deployment: Deployment(provider: "ollama", providerModel: "llama3", price: .free),
                                   reason: "test")
        let policy = BudgetPolicy(limits: BudgetLimits(daily: dollars("1")))
        XCTAssertEqual(policy.decide(candidates: [local], promptTokens: 1000, maxOutputTokens: 1000, spend: BudgetSpend(today: dollars("1.20"))),
                       .fits(reserve: .zero, warnings: ["daily budget at 120%: $1.20 of $1.00 with this request"]))
    }

    func testSessionIsCheckedBeforeDailyAndMonthly() {
        let policy = BudgetPolicy(limits: BudgetLimits(daily: dollars("1"), monthly: dollars("1"), session: dollars("1")))
        let check = policy.check(worstCase: dollars("2"), spend: BudgetSpend(), label: "m")
        guard case .exceeds(.session, _) = check else { return XCTFail("\(check)") }
    }

    func testDollarFormatting() {
        XCTAssertEqual(BudgetPolicy.dollars(dollars("5")), "$5.00")
        XCTAssertEqual(BudgetPolicy.dollars(dollars("12.5")), "$12.50")
        XCTAssertEqual(BudgetPolicy.dollars(dollars("0.04")), "$0.04")
        XCTAssertEqual(BudgetPolicy.dollars(dollars("0.0412")), "$0.0412")
        XCTAssertEqual(BudgetPolicy.dollars(dollars("0.000123")), "$0.000123")
        XCTAssertEqual(BudgetPolicy.dollars(.zero), "$0.00")
    }
}
