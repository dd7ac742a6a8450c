import Foundation
import SwitchboardCore
import XCTest
@testable import SwitchboardServer

final class ModelListTests: XCTestCase {
    func testCatalogAliasesRoutesAndAuto() throws {
        let catalog = ModelCatalog(models: [
            CatalogModel(id: "openai/gpt-4o-mini", name: "mini", deployments: []),
            CatalogModel(id: "anthropic/claude-haiku-4-5", name: "haiku", deployments: []),
        ])
        var configuration = Configuration()
        configuration.aliases = ["fast": "openai/gpt-4o-mini"]
        configuration.routing.routes = ["cheap": NamedRoute(name: "cheap", models: [ModelRef(id: "openai/gpt-4o-mini")])]
        let bytes = ModelList.entries(catalog: catalog, configuration: configuration)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        XCTAssertEqual(object["object"] as? String, "list")
        let data = try XCTUnwrap(object["data"] as? [[String: Any]])
        XCTAssertEqual(data.map { $0["id"] as? String }, ["anthropic/claude-haiku-4-5", "openai/gpt-4o-mini", "fast", "cheap", "auto"])
        XCTAssertEqual(data.map { $0["owned_by"] as? String }, ["anthropic", "openai", "alias", "route", "switchboard"])
        XCTAssertTrue(data.allSatisfy { $0["object"] as? String == "model" })
    }
}
