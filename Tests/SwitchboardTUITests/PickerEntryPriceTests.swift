import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

/// A model's row carries the price of the deployment it shows (an available one first), whole, and its
/// per-million figures.
final class PickerEntryPriceTests: XCTestCase {
    func testRowsCarryTheShownDeploymentsPrice() throws {
        let cheap = Price(input: Decimal(string: "0.00000015"), output: Decimal(string: "0.0000006"))
        let dear = Price(input: Decimal(string: "0.000003"), output: Decimal(string: "0.000015"))
        let catalog = ModelCatalog(models: [
            CatalogModel(id: "openai/gpt-4o-mini", name: "mini", deployments: [
                Deployment(provider: "azure", providerModel: "gpt-4o-mini", price: dear, contextWindow: 64_000),
                Deployment(provider: "openai", providerModel: "gpt-4o-mini", price: cheap, contextWindow: 128_000),
            ]),
            CatalogModel(id: "x/unpriced", name: "unpriced", deployments: [Deployment(provider: "x", providerModel: "u", price: Price(input: nil, output: nil))]),
        ])
        let registry = ProviderRegistry(endpoints: [
            ProviderEndpoint(name: "openai", wire: .openAIChat, baseURL: try XCTUnwrap(URL(string: "https://api.openai.com/v1"))),
        ])
        let entries = PickerEntry.build(catalog: catalog, registry: registry, aliases: [:])
        let mini = try XCTUnwrap(entries.first { $0.id == "openai/gpt-4o-mini" })
        XCTAssertEqual(mini.price, cheap, "the available deployment's price, not the first one's")
        XCTAssertEqual(mini.inputPerMillion, Decimal(string: "0.15"))
        XCTAssertEqual(mini.outputPerMillion, Decimal(string: "0.6"))
        XCTAssertEqual(mini.contextWindow, 128_000)
        let unpriced = try XCTUnwrap(entries.first { $0.id == "x/unpriced" })
        XCTAssertEqual(unpriced.price, Price(input: nil, output: nil), "an unknown price stays unknown")
        XCTAssertNil(unpriced.inputPerMillion)
        XCTAssertFalse(unpriced.available)
    }
}
