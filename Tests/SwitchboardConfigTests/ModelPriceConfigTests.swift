import XCTest
import SwitchboardCore
@testable import SwitchboardConfig

/// `[[models]]` entries carry every price fact the catalog does: tiers, 1-hour cache writes, reasoning, image
/// and per-request prices, and capabilities stated missing.
final class ModelPriceConfigTests: XCTestCase {
    private func perMillion(_ text: String) -> Decimal? { Decimal(string: text).map { $0 / 1_000_000 } }

    func testTiersAndTheOtherPricesAreRead() throws {
        let text = """
            [[models]]
            id = "acme/long"
            provider = "openrouter"
            input_per_mtok = 1.25
            output_per_mtok = 10
            cache_write_per_mtok = 3.75
            cache_write_1h_per_mtok = 6
            reasoning_per_mtok = 3
            per_image = "0.001"
            per_request = 0.005
            capabilities = ["tools"]
            lacks = ["vision", "pdf"]

            [[models.tiers]]
            above = 200000
            input_per_mtok = 2.5
            output_per_mtok = 15
            """
        let config = try ConfigLoader.parse(text, file: "/tmp/c.toml")
        let deployment = try XCTUnwrap(config.models.first?.deployments.first)
        XCTAssertEqual(deployment.price, Price(input: perMillion("1.25"), output: perMillion("10"), cacheWrite: perMillion("3.75"),
                                               cacheWrite1h: perMillion("6"), reasoning: perMillion("3"), image: Decimal(string: "0.001"),
                                               perRequest: Decimal(string: "0.005"), tiers: [
            PriceTier(abovePromptTokens: 200_000, rates: TokenRates(input: perMillion("2.5"), output: perMillion("15"))),
        ]))
        XCTAssertEqual(deployment.capabilityFacts, Capabilities(supported: [.tools], lacking: [.vision, .pdf]))
        XCTAssertEqual(deployment.price.cost(of: Usage(input: 250_000, output: 1_000)), Money(Decimal(string: "0.645")!))
    }

    func testABadTierIsNamed() {
        let cases: [(String, String)] = [
            ("[[models]]\nid = \"a/b\"\n[[models.tiers]]\ninput_per_mtok = 2\n", "models.0.tiers.0.above"),
            ("[[models]]\nid = \"a/b\"\n[[models.tiers]]\nabove = 10\nspeed = 2\n", "models.0.tiers.0"),
            ("[[models]]\nid = \"a/b\"\ntiers = 3\n", "models.0.tiers"),
            ("[[models]]\nid = \"a/b\"\nlacks = [\"telepathy\"]\n", "models.0.lacks"),
        ]
        for (text, path) in cases {
            XCTAssertThrowsError(try ConfigLoader.parse(text, file: "c.toml"), text) { error in
                XCTAssertTrue("\(error)".contains(path), "\(error) lacks \(path)")
            }
        }
    }
}
