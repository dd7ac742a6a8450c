import XCTest
@testable import SwitchboardCore

final class AutoTiersTests: XCTestCase {
    private func model(_ id: String, _ provider: String, input: String?, output: String?,
                       capabilities: Set<Capability> = []) -> CatalogModel {
        let perToken = { (text: String?) in text.flatMap { Decimal(string: $0) }.map { $0 / 1_000_000 } }
        let providerModel = id.split(separator: "/").dropFirst().joined(separator: "/")
        return CatalogModel(id: id, name: id, deployments: [
            Deployment(provider: provider, providerModel: providerModel,
                       price: Price(input: perToken(input), output: perToken(output)), capabilities: capabilities),
        ])
    }

    private func ids(_ refs: [ModelRef]?) -> [String] { (refs ?? []).map(\.description) }

    func testDemoOnlyDefaultsUseMiniForEasyTiersAndProForHardOnes() {
        let catalog = ModelCatalog(models: DemoProvider.models)
        let table = AutoTiers.defaults(availableProviders: ["demo"], catalog: catalog)
        XCTAssertEqual(ids(table[.simple]), ["demo/mini"])
        XCTAssertEqual(ids(table[.medium]), ["demo/mini"])
        XCTAssertEqual(ids(table[.complex]), ["demo/pro"])
        XCTAssertEqual(ids(table[.reasoning]), ["demo/pro"])
    }

    func testRealProvidersReplaceTheDemoAndDirectProvidersComeFirst() {
        let catalog = ModelCatalog(models: DemoProvider.models + [
            model("openai/gpt-4o-mini", "openai", input: "0.15", output: "0.6"),
            model("openai/o3", "openai", input: "2", output: "8", capabilities: [.reasoning]),
            model("openai/gpt-5", "openai", input: "1.25", output: "10", capabilities: [.reasoning]),
            model("anthropic/claude-haiku-4-5", "anthropic", input: "1", output: "5"),
        ])
        let table = AutoTiers.defaults(availableProviders: ["demo", "openai", "anthropic"], catalog: catalog)
        XCTAssertEqual(ids(table[.simple]), ["anthropic/claude-haiku-4-5", "openai/gpt-4o-mini"])
        // Anthropic prefers claude-sonnet-4-5 or haiku for medium; OpenAI's preferred medium models are missing, so
        // its pick is by price rank: a third up of [gpt-4o-mini, o3, gpt-5] is o3.
        XCTAssertEqual(ids(table[.medium]), ["anthropic/claude-haiku-4-5", "openai/o3"])
        XCTAssertEqual(ids(table[.reasoning]).last, "openai/o3")
        XCTAssertFalse(table.values.joined().contains { $0.id.hasPrefix("demo/") })
    }

    func testEveryKnownProviderHasAPreferredModelPerTierInTheBundledCatalog() {
        let catalog = BundledCatalog.catalog
        for provider in AutoTiers.providerOrder {
            for tier in Tier.allCases {
                let preferred = AutoTiers.preferences[provider]?[tier] ?? []
                let served = preferred.contains { id in
                    catalog.model(id)?.deployments.contains { $0.provider == provider } ?? false
                }
                XCTAssertTrue(served, "\(provider) \(tier): none of \(preferred) is served by \(provider)")
            }
        }
    }

    func testProviderWithoutPreferencesIsPickedByPriceRank() {
        let catalog = ModelCatalog(models: [
            model("lab/small", "lab", input: "0.1", output: "0.1"),
            model("lab/thinker", "lab", input: "1", output: "4", capabilities: [.reasoning]),
            model("lab/large", "lab", input: "5", output: "10"),
            model("lab/mystery", "lab", input: nil, output: nil),
        ])
        XCTAssertEqual(AutoTiers.pickByPrice(.simple, from: "lab", catalog: catalog), "lab/small")
        XCTAssertEqual(AutoTiers.pickByPrice(.medium, from: "lab", catalog: catalog), "lab/thinker")
        XCTAssertEqual(AutoTiers.pickByPrice(.complex, from: "lab", catalog: catalog), "lab/large")
        XCTAssertEqual(AutoTiers.pickByPrice(.reasoning, from: "lab", catalog: catalog), "lab/thinker")
        XCTAssertNil(AutoTiers.pickByPrice(.simple, from: "nobody", catalog: catalog))
    }

    func testConfiguredListsOverrideDefaultsAndVariantsOverrideConfigured() throws {
        let tiers = AutoTiers(
            configured: [.simple: [ModelRef(id: "fast")], .complex: [ModelRef(id: "a/big"), ModelRef(id: "b/big", variant: .floor)]],
            variants: ["coding": [.complex: [ModelRef(id: "c/coder")]]],
            defaults: [.simple: [ModelRef(id: "demo/mini")], .medium: [ModelRef(id: "demo/mini")], .complex: [ModelRef(id: "demo/pro")]])
        let all = { (_: ModelRef) in true }

        let simple = try tiers.choose(.simple, isAvailable: all)
        XCTAssertEqual(ids(simple.models), ["fast"])
        XCTAssertEqual(simple.reason, "tier simple from [auto]")
        let medium = try tiers.choose(.medium, isAvailable: all)
        XCTAssertEqual(ids(medium.models), ["demo/mini"])
        XCTAssertEqual(medium.reason, "tier medium from defaults")
        XCTAssertEqual(ids(try tiers.choose(.complex, isAvailable: all).models), ["a/big", "b/big:floor"])

        let coding = try tiers.choose(.complex, variant: "coding", isAvailable: all)
        XCTAssertEqual(ids(coding.models), ["c/coder"])
        XCTAssertEqual(coding.reason, "tier complex from [auto.coding]")
        // A tier the variant leaves out comes from [auto].
        XCTAssertEqual(ids(try tiers.choose(.simple, variant: "coding", isAvailable: all).models), ["fast"])
    }

    func testUnavailableModelsAreDroppedAndAnEmptyTierGoesUpThenDown() throws {
        let tiers = AutoTiers(configured: [
            .simple: [ModelRef(id: "x/s")], .medium: [ModelRef(id: "x/m"), ModelRef(id: "y/m")],
            .complex: [ModelRef(id: "x/c")], .reasoning: [ModelRef(id: "x/r")],
        ])
        let partial = try tiers.choose(.medium) { $0.id != "x/m" }
        XCTAssertEqual(ids(partial.models), ["y/m"])
        XCTAssertEqual(partial.tier, .medium)

        let up = try tiers.choose(.simple) { $0.id == "x/c" || $0.id == "x/r" }
        XCTAssertEqual(up.tier, .complex)
        XCTAssertEqual(up.requested, .simple)
        XCTAssertEqual(up.reason, "tier simple has no available model; using tier complex from [auto]")

        let down = try tiers.choose(.reasoning) { $0.id == "x/s" || $0.id == "x/m" }
        XCTAssertEqual(down.tier, .medium)
        XCTAssertEqual(ids(down.models), ["x/m"])
    }

    func testUnknownVariantAndNothingAvailableAreErrors() {
        let tiers = AutoTiers(configured: [.simple: [ModelRef(id: "x/s")]], variants: ["coding": [:]])
        XCTAssertThrowsError(try tiers.choose(.simple, variant: "writing") { _ in true }) { error in
            XCTAssertEqual("\(error)", "unknown auto variant 'auto:writing': define [auto.writing] in config (defined: auto:coding)")
        }
        XCTAssertThrowsError(try tiers.choose(.simple) { _ in false }) { error in
            XCTAssertTrue("\(error)".hasPrefix("auto routing found no available model"), "\(error)")
        }
    }

    func testSelectorRecognisesAutoAndItsVariants() {
        XCTAssertEqual(AutoTiers.selector(in: "auto"), AutoTiers.Selector(variant: nil))
        XCTAssertEqual(AutoTiers.selector(in: "AUTO"), AutoTiers.Selector(variant: nil))
        XCTAssertEqual(AutoTiers.selector(in: "auto:coding"), AutoTiers.Selector(variant: "coding"))
        XCTAssertNil(AutoTiers.selector(in: "auto:"))
        XCTAssertNil(AutoTiers.selector(in: "automatic/model"))
        XCTAssertNil(AutoTiers.selector(in: "openai/gpt-4o"))
    }

    func testSearchOrderIsNearestUpThenDown() {
        XCTAssertEqual(AutoTiers.searchOrder(from: .medium), [.medium, .complex, .reasoning, .simple])
        XCTAssertEqual(AutoTiers.searchOrder(from: .reasoning), [.reasoning, .complex, .medium, .simple])
        XCTAssertEqual(AutoTiers.searchOrder(from: .simple), [.simple, .medium, .complex, .reasoning])
    }
}
