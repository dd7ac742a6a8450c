import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

final class PickerStateTests: XCTestCase {
    func testBuildListsAliasesFirstThenAvailableThenTheRest() {
        let entries = Fixtures.pickerEntries
        XCTAssertEqual(entries.first?.id, "auto")
        XCTAssertEqual(entries[1].id, "fast")
        XCTAssertEqual(entries[1].kind, .alias(target: "demo/mini"))
        XCTAssertEqual(entries[1].modelID, "demo/mini")
        XCTAssertEqual(entries.last?.id, "openai/gpt-4o-mini")
        XCTAssertEqual(entries.last?.available, false)
        let mini = entries.first { $0.id == "demo/mini" }
        XCTAssertEqual(mini?.inputPerMillion, Decimal(string: "0.15"))
        XCTAssertEqual(mini?.contextWindow, 128_000)
        XCTAssertEqual(mini?.simulated, true)
    }

    func testModelsServedByTwoAvailableProvidersGetRouteVariants() {
        let model = CatalogModel(id: "x/shared", name: "Shared", deployments: [
            Deployment(provider: "demo", providerModel: "a", price: .free),
            Deployment(provider: "local", providerModel: "b", price: .free),
        ])
        let registry = ProviderRegistry(endpoints: [
            ProviderEndpoint(name: "demo", wire: .demo, baseURL: URL(fileURLWithPath: "/")),
            ProviderEndpoint(name: "local", wire: .openAICompatible, baseURL: URL(fileURLWithPath: "/")),
        ])
        let ids = PickerEntry.build(catalog: ModelCatalog(models: [model]), registry: registry, aliases: [:]).map(\.id)
        XCTAssertEqual(ids, ["auto", "x/shared", "x/shared:floor", "x/shared:nitro"])
    }

    func testAutoAndConfiguredRoutesComeFirst() {
        let entries = PickerEntry.build(catalog: Fixtures.catalog, registry: Fixtures.registry, aliases: [:],
                                        routes: ["coding": [ModelRef(id: "demo/pro"), ModelRef(id: "demo/mini")]],
                                        autoVariants: ["cheap"])
        XCTAssertEqual(entries.prefix(3).map(\.id), ["auto", "auto:cheap", "coding"])
        XCTAssertEqual(entries[0].kind, .auto)
        XCTAssertNil(entries[0].modelID, "auto has no single model")
        XCTAssertEqual(entries[2].kind, .namedRoute(["demo/pro", "demo/mini"]))
        XCTAssertEqual(entries[2].modelID, "demo/pro")
        XCTAssertEqual(entries[2].inputPerMillion, 3)
    }

    func testFilterRanksAvailableMatchesFirstAndResetsSelection() {
        var picker = PickerState(entries: Fixtures.pickerEntries)
        picker.move(by: 2)
        picker.setFilter("mini")
        XCTAssertEqual(picker.selection, 0)
        XCTAssertEqual(picker.selected?.id, "demo/mini")
        XCTAssertTrue(picker.visible.map { picker.entries[$0].id }.contains("openai/gpt-4o-mini"))
        picker.setFilter("nothing-like-this")
        XCTAssertNil(picker.selected)
    }

    func testMoveClampsBetweenTheFirstAndLastVisibleEntry() {
        var picker = PickerState(entries: Fixtures.pickerEntries)
        picker.move(by: 4)
        XCTAssertEqual(picker.selection, 4)
        picker.move(by: -5)
        XCTAssertEqual(picker.selection, 0)
        picker.move(by: 1000)
        XCTAssertEqual(picker.selection, picker.visible.count - 1)
    }
}
