import Foundation
import XCTest
@testable import SwitchboardCore

final class ReplyFactsTests: XCTestCase {
    func testAReplySaysModelProviderTokensAndCost() {
        XCTAssertEqual(ReplyFacts.parts(model: "openai/gpt-4o", provider: "openai", usage: Usage(input: 1000, output: 300, cacheRead: 200),
                                        cost: Money(Decimal(string: "0.0042") ?? 0)),
                       ["openai/gpt-4o via openai", "1200 in / 300 out", "$0.0042"])
    }

    func testUnknownCostIsSaidNeverZero() {
        XCTAssertEqual(ReplyFacts.parts(model: "demo/mini", provider: nil, usage: nil, cost: nil), ["demo/mini", "unknown"])
        XCTAssertEqual(ReplyFacts.parts(model: nil, provider: "x", usage: nil, cost: nil), ["unknown"])
    }
}
