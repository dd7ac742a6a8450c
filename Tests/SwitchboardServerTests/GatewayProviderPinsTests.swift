import Foundation
import SwitchboardCore
import XCTest
@testable import SwitchboardServer

final class GatewayProviderPinsTests: XCTestCase {
    private func deployment(_ provider: String, input: String?, output: String? = "1") -> Deployment {
        Deployment(provider: provider, providerModel: "m",
                   price: Price(input: input.flatMap { Decimal(string: $0) }.map { $0 / 1_000_000 },
                                output: output.flatMap { Decimal(string: $0) }.map { $0 / 1_000_000 }))
    }

    private lazy var catalog = ModelCatalog(models: [
        CatalogModel(id: "meta/llama", name: "Llama", deployments: [
            deployment("groq", input: "0.5"), deployment("together", input: "0.9"),
            deployment("deepinfra", input: "0.3"), deployment("fireworks", input: nil),
        ]),
    ])

    private func pins(_ preferences: ProviderPreferences, model text: String = "meta/llama",
                      aliases: [String: String] = [:]) throws -> [String] {
        var model = try ModelRef(parsing: text)
        GatewayProviderPins.applySort(preferences, to: &model)
        guard preferences.restrictsProviders else { return [model.description] }
        // The planner's order: cheapest known price first, as a `:floor` decision would list them.
        let planned = catalog.models[0].deployments
            .sorted { ($0.price.input ?? 1) < ($1.price.input ?? 1) }
            .map { RouteCandidate(model: "meta/llama", deployment: $0, reason: "test") }
        let rest = try GatewayProviderPins.apply(preferences, to: &model, catalog: catalog, aliases: aliases, planned: planned)
        return [model.description] + rest.map(\.description)
    }

    func testOrderThenTheRestUnlessFallbacksAreOff() throws {
        var preferences = ProviderPreferences()
        preferences.order = ["together", "groq"]
        XCTAssertEqual(try pins(preferences), ["meta/llama@together", "meta/llama@groq", "meta/llama@deepinfra", "meta/llama@fireworks"],
                       "order's providers first, then the rest in the planner's order")
        preferences.allowFallbacks = false
        XCTAssertEqual(try pins(preferences), ["meta/llama@together", "meta/llama@groq"])
    }

    func testOnlyIgnoreAndMaxPrice() throws {
        var preferences = ProviderPreferences()
        preferences.only = ["groq", "deepinfra", "fireworks"]
        preferences.ignore = ["deepinfra"]
        XCTAssertEqual(try pins(preferences), ["meta/llama@groq", "meta/llama@fireworks"])
        var priced = ProviderPreferences()
        priced.maxPromptPrice = Decimal(string: "0.6")
        XCTAssertEqual(try pins(priced), ["meta/llama@deepinfra", "meta/llama@groq"],
                       "above the cap, or an unknown price, is left out; the planner's order is kept")
    }

    func testSortIsTheVariantAndAliasesResolve() throws {
        var preferences = ProviderPreferences()
        preferences.sort = "price"
        XCTAssertEqual(try pins(preferences), ["meta/llama:floor"], "no pins: the planner orders by price")
        preferences.sort = "throughput"
        XCTAssertEqual(try pins(preferences, model: "llama", aliases: ["llama": "meta/llama"]), ["llama:nitro"])
        preferences.ignore = ["groq", "together", "deepinfra"]
        XCTAssertEqual(try pins(preferences, model: "llama", aliases: ["llama": "meta/llama"]), ["meta/llama:nitro@fireworks"])
    }

    func testNothingLeftOrNoCatalogModelIsAnError() {
        var preferences = ProviderPreferences()
        preferences.only = ["nobody"]
        XCTAssertThrowsError(try pins(preferences)) { error in
            XCTAssertEqual((error as? GatewayError)?.code, "no_allowed_provider")
            XCTAssertTrue((error as? GatewayError)?.message.contains("groq") ?? false)
        }
        XCTAssertThrowsError(try pins(preferences, model: "auto")) { error in
            XCTAssertEqual((error as? GatewayError)?.code, "invalid_provider")
        }
        XCTAssertThrowsError(try pins(preferences, model: "meta/llama@groq")) { error in
            XCTAssertEqual((error as? GatewayError)?.code, "invalid_provider")
        }
    }
}
