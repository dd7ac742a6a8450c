import XCTest
@testable import switchboard

/// `models --json` writes every key of a row; a price or limit the catalog does not know is `null`, not left out.
final class ModelRowJSONTests: XCTestCase {
    func testUnknownPricesAndLimitsAreNull() {
        let known = ModelRow(id: "openai/gpt-4o", provider: "openai", providerModel: "gpt-4o", available: true,
                             inputPerMTok: "2.5", outputPerMTok: "10", context: 128_000, maxOutput: 16_384,
                             capabilities: ["tools", "vision"], simulated: false)
        let unknown = ModelRow(id: "acme/rocket", provider: "acme", providerModel: "rocket/v1", available: false,
                               inputPerMTok: nil, outputPerMTok: nil, context: nil, maxOutput: nil, capabilities: [],
                               simulated: true)
        XCTAssertEqual(ModelRow.json([known, unknown]), #"""
        [{"available":true,"capabilities":["tools","vision"],"context":128000,"id":"openai/gpt-4o","input_per_mtok":"2.5","max_output":16384,"output_per_mtok":"10","provider":"openai","provider_model":"gpt-4o","simulated":false},{"available":false,"capabilities":[],"context":null,"id":"acme/rocket","input_per_mtok":null,"max_output":null,"output_per_mtok":null,"provider":"acme","provider_model":"rocket/v1","simulated":true}]
        """# + "\n")
    }
}
