import Foundation
@testable import SwitchboardCore
import XCTest

/// What a request needs is a routing constraint: a deployment the data says lacks it is left out (and why),
/// one the data says nothing about is kept and noted, and a request nobody can serve fails naming what is missing.
final class CapabilityRoutingTests: XCTestCase {
    private let png = Data([0x89, 0x50, 0x4E, 0x47])

    private func deployment(_ provider: String, _ name: String, input: Decimal = 1, supports: Set<Capability> = [],
                            lacks: Set<Capability> = []) -> Deployment {
        Deployment(provider: provider, providerModel: name, price: Price(input: input / 1_000_000, output: input * 2 / 1_000_000),
                   contextWindow: 100_000, capabilities: supports, lacking: lacks)
    }

    /// acme/plain states it has neither tools nor vision; acme/seeing has both; acme/quiet states nothing;
    /// acme/mixed is served cheaply by p2 without tools and dearly by p1 with them.
    private func resolver(_ routing: RoutingConfiguration = RoutingConfiguration()) throws -> RouteResolver {
        let catalog = ModelCatalog(models: [
            CatalogModel(id: "acme/plain", name: "Plain", deployments: [deployment("p1", "plain", lacks: [.tools, .vision])]),
            CatalogModel(id: "acme/seeing", name: "Seeing", deployments: [deployment("p1", "seeing", supports: [.tools, .vision])]),
            CatalogModel(id: "acme/quiet", name: "Quiet", deployments: [deployment("p2", "quiet")]),
            CatalogModel(id: "acme/mixed", name: "Mixed", deployments: [
                deployment("p1", "mixed", input: 5, supports: [.tools]),
                deployment("p2", "mixed", input: 1, lacks: [.tools]),
            ]),
            CatalogModel(id: "other/blind", name: "Blind", deployments: [deployment("p2", "blind", lacks: [.vision])]),
        ])
        let endpoints = ["p1", "p2"].map {
            ProviderEndpoint(name: $0, wire: .openAICompatible, baseURL: URL(string: "http://\($0).invalid/v1") ?? URL(fileURLWithPath: "/"),
                             apiKey: "k-\($0)")
        }
        return try RouteResolver(planner: RoutePlanner(catalog: catalog, registry: ProviderRegistry(endpoints: endpoints)), routing: routing)
    }

    private func tools() throws -> ChatOptions {
        ChatOptions(tools: [ToolDefinition(name: "lookup", parameters: try JSONText(#"{"type": "object"}"#))])
    }

    private var imageMessage: ChatMessage {
        ChatMessage(role: .user, parts: [.text("hi, what is this?"), .image(ImagePart(data: png, mediaType: "image/png"))])
    }

    private func turn(_ model: ModelRef, fallbacks: [ModelRef] = [], messages: [ChatMessage]? = nil,
                      options: ChatOptions = .none) -> TurnRequest {
        TurnRequest(messages: messages ?? [imageMessage], model: model, fallbacks: fallbacks, options: options)
    }

    private func missing(_ error: any Error) -> (requested: String, missing: [Capability], suggestions: [String])? {
        guard case RoutingError.missingCapabilities(let requested, let missing, _, _, let suggestions)? = error as? RoutingError else {
            return nil
        }
        return (requested, missing, suggestions)
    }

    func testADeploymentThatLacksANeededCapabilityIsLeftOutWithTheReason() throws {
        let decision = try resolver().resolve(turn(ModelRef(id: "acme/plain"), fallbacks: [ModelRef(id: "acme/seeing")]))
        XCTAssertEqual(decision.candidates.map(\.model), ["acme/seeing"])
        XCTAssertEqual(decision.rejected.map(\.candidate.model), ["acme/plain"])
        XCTAssertEqual(decision.rejected.first?.reason, "lacks vision")
        XCTAssertEqual(decision.rejected.first?.lacking, [.vision])
        XCTAssertEqual(decision.needs, [.vision])
        XCTAssertTrue(decision.explanation.contains("left out:\n  - acme/plain via p1: lacks vision"), decision.explanation)
        XCTAssertTrue(decision.explanation.contains("needs: vision (the conversation has an image)"), decision.explanation)
    }

    func testAPlainRequestKeepsEveryDeployment() throws {
        let decision = try resolver().resolve(turn(ModelRef(id: "acme/plain"), messages: [.user("hi")]))
        XCTAssertEqual(decision.candidates.map(\.model), ["acme/plain"])
        XCTAssertEqual(decision.needs, [])
        XCTAssertFalse(decision.explanation.contains("needs:"))
    }

    func testAnUnstatedCapabilityIsAllowedAndNoted() throws {
        let decision = try resolver().resolve(turn(ModelRef(id: "acme/quiet"), options: try tools()))
        XCTAssertEqual(decision.candidates.map(\.model), ["acme/quiet"])
        XCTAssertTrue(decision.rejected.isEmpty)
        let reason = try XCTUnwrap(decision.candidates.first?.reason)
        XCTAssertTrue(reason.hasSuffix("; tools, vision: not stated for this deployment"), reason)
        XCTAssertTrue(decision.explanation.contains("tools, vision: not stated for this deployment"), decision.explanation)
    }

    func testAnExplicitModelThatLacksItFailsNamingWhatIsMissingAndModelsThatHaveIt() throws {
        XCTAssertThrowsError(try resolver().resolve(turn(ModelRef(id: "acme/plain"), options: try tools()))) { error in
            guard let found = missing(error) else { return XCTFail("\(error)") }
            XCTAssertEqual(found.requested, "acme/plain")
            XCTAssertEqual(found.missing, [.tools, .vision])
            // Same vendor first; acme/quiet states nothing, so it is not offered as having them.
            XCTAssertEqual(found.suggestions, ["acme/seeing"])
            let text = "\(error)"
            XCTAssertTrue(text.contains("acme/plain cannot serve this request: it needs tools (tools are offered), "
                + "vision (the conversation has an image)"), text)
            XCTAssertTrue(text.contains("Left out: acme/plain via p1 (lacks tools, vision)."), text)
            XCTAssertTrue(text.contains("Models with tools, vision: acme/seeing."), text)
        }
    }

    func testOnlyWhatIsLackingIsNamedMissing() throws {
        XCTAssertThrowsError(try resolver().resolve(turn(ModelRef(id: "other/blind"), options: try tools()))) { error in
            guard let found = missing(error) else { return XCTFail("\(error)") }
            XCTAssertEqual(found.missing, [.vision])
            XCTAssertEqual(found.suggestions, ["acme/seeing"])
        }
    }

    func testFloorSkipsTheCheaperDeploymentThatLacksTools() throws {
        let plain = try resolver().resolve(turn(ModelRef(id: "acme/mixed", variant: .floor), messages: [.user("hi")]))
        XCTAssertEqual(plain.candidates.map(\.deployment.provider), ["p2", "p1"])
        let withTools = try resolver().resolve(turn(ModelRef(id: "acme/mixed", variant: .floor), messages: [.user("hi")],
                                                    options: try tools()))
        XCTAssertEqual(withTools.candidates.map(\.deployment.provider), ["p1"])
        XCTAssertEqual(withTools.rejected.map(\.reason), ["lacks tools"])
        let nitro = try resolver().resolve(turn(ModelRef(id: "acme/mixed", variant: .nitro), messages: [.user("hi")], options: try tools()))
        XCTAssertEqual(nitro.candidates.map(\.deployment.provider), ["p1"])
    }

    func testAutoPassesOverTierModelsThatLackIt() throws {
        var routing = RoutingConfiguration()
        routing.auto = [.simple: [ModelRef(id: "acme/plain")], .medium: [ModelRef(id: "acme/plain")],
                        .complex: [ModelRef(id: "acme/seeing")], .reasoning: [ModelRef(id: "acme/seeing")]]
        let resolver = try resolver(routing)
        let plain = try resolver.resolve(turn(ModelRef(id: "auto"), messages: [.user("hi")]))
        XCTAssertEqual(plain.candidates.map(\.model), ["acme/plain"], "a plain question stays on the easy tier")
        let decision = try resolver.resolve(turn(ModelRef(id: "auto")))
        XCTAssertEqual(plain.difficulty?.tier, decision.difficulty?.tier, "the image does not change the score")
        XCTAssertEqual(decision.candidates.map(\.model), ["acme/seeing"])
        XCTAssertTrue(decision.notes.contains("auto: passed over for lacking vision: acme/plain"), "\(decision.notes)")
    }

    func testAutoWithNoCapableModelInAnyTierNamesWhatIsMissing() throws {
        var routing = RoutingConfiguration()
        routing.auto = [.simple: [ModelRef(id: "acme/plain")], .medium: [ModelRef(id: "acme/plain")],
                        .complex: [ModelRef(id: "other/blind")], .reasoning: [ModelRef(id: "other/blind")]]
        XCTAssertThrowsError(try resolver(routing).resolve(turn(ModelRef(id: "auto")))) { error in
            guard let found = missing(error) else { return XCTFail("\(error)") }
            XCTAssertEqual(found.requested, "auto")
            XCTAssertEqual(found.missing, [.vision])
            XCTAssertEqual(found.suggestions, ["acme/seeing"])
        }
    }

    func testATaskRuleTargetMustHaveItToo() throws {
        var routing = RoutingConfiguration()
        routing.rules = [TaskRule(keywords: ["sql"], target: .model(ModelRef(id: "acme/plain")))]
        routing.auto = [.simple: [ModelRef(id: "acme/seeing")], .medium: [ModelRef(id: "acme/seeing")]]
        let message = ChatMessage(role: .user, parts: [.text("write sql for this table"), .image(ImagePart(data: png, mediaType: "image/png"))])
        XCTAssertThrowsError(try resolver(routing).resolve(turn(ModelRef(id: "auto"), messages: [message]))) { error in
            XCTAssertEqual(missing(error)?.missing, [.vision], "\(error)")
        }
    }

    func testANamedRouteLeavesOutItsModelsThatLackIt() throws {
        var routing = RoutingConfiguration()
        routing.routes = ["team": NamedRoute(name: "team", models: [ModelRef(id: "acme/plain"), ModelRef(id: "acme/seeing")])]
        let decision = try resolver(routing).resolve(turn(ModelRef(id: "team")))
        XCTAssertEqual(decision.candidates.map(\.model), ["acme/seeing"])
        XCTAssertEqual(decision.rejected.map(\.reason), ["lacks vision"])
    }

    func testLackingACapabilityIsNamedBeforeAPriceCap() {
        let expensive = deployment("p1", "x", input: 50, lacks: [.tools])
        let constraints = RouteConstraints(maxInputPerMillion: 1, neededCapabilities: [.tools])
        XCTAssertEqual(constraints.rejection(of: expensive, promptTokens: 0, maxOutputTokens: 1), "lacks tools")
        let outcome = constraints.filter([RouteCandidate(model: "a/x", deployment: expensive, reason: "r")], promptTokens: 0, maxOutputTokens: 1)
        XCTAssertEqual(outcome.rejected.first?.lacking, [.tools])
        XCTAssertEqual(RouteConstraints(neededCapabilities: [.tools]).merged(with: RouteConstraints(neededCapabilities: [.pdf])).neededCapabilities,
                       [.tools, .pdf])
    }

    /// Over the bundled catalog: openai/gpt-3.5-turbo (OpenRouter states every capability) has tools but not vision.
    func testBundledCatalogToolsAndImageToAModelWithoutVision() throws {
        let endpoints = ["openai", "openrouter"].map {
            ProviderEndpoint(name: $0, wire: .openAICompatible, baseURL: URL(string: "http://\($0).invalid/v1") ?? URL(fileURLWithPath: "/"),
                             apiKey: "k-\($0)")
        }
        let resolver = try RouteResolver(planner: RoutePlanner(catalog: BundledCatalog.catalog, registry: ProviderRegistry(endpoints: endpoints)),
                                         routing: RoutingConfiguration())
        XCTAssertThrowsError(try resolver.resolve(turn(ModelRef(id: "openai/gpt-3.5-turbo"), options: try tools()))) { error in
            guard let found = missing(error) else { return XCTFail("\(error)") }
            XCTAssertEqual(found.missing, [.vision])
            XCTAssertFalse(found.suggestions.isEmpty)
            XCTAssertTrue(found.suggestions.allSatisfy { $0.hasPrefix("openai/") }, "\(found.suggestions)")
            for id in found.suggestions {
                let facts = BundledCatalog.catalog.model(id)?.deployments.map(\.capabilityFacts.supported) ?? []
                XCTAssertTrue(facts.contains { $0.isSuperset(of: [.tools, .vision]) }, id)
            }
            XCTAssertTrue("\(error)".contains("it needs vision (the conversation has an image)"), "\(error)")
        }
        // The same request to a model with vision goes through.
        let decision = try resolver.resolve(turn(ModelRef(id: "openai/gpt-4o-mini"), options: try tools()))
        XCTAssertEqual(decision.candidates.first?.model, "openai/gpt-4o-mini")
        XCTAssertEqual(decision.needs, [.tools, .vision])
    }
}
