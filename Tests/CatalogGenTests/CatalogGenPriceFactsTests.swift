import Foundation
import SwitchboardCore
import XCTest
@testable import catalog_gen

/// catalog-gen end to end on small data files: the generated catalog carries tiers, 1-hour cache writes,
/// reasoning, image and per-request prices, and capabilities stated missing.
final class CatalogGenPriceFactsTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-gen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: directory)
    }

    private static let litellm = #"""
        {"gemini/gemini-2.5-pro": {"litellm_provider": "gemini", "mode": "chat", "input_cost_per_token": 1.25e-06,
          "input_cost_per_token_above_200k_tokens": 2.5e-06, "output_cost_per_token": 1e-05,
          "output_cost_per_token_above_200k_tokens": 1.5e-05, "cache_read_input_token_cost": 1.25e-07,
          "cache_read_input_token_cost_above_200k_tokens": 2.5e-07, "max_input_tokens": 1048576,
          "supports_function_calling": true, "supports_vision": true, "supports_pdf_input": true},
         "claude-sonnet-4-5": {"litellm_provider": "anthropic", "mode": "chat", "input_cost_per_token": 3e-06,
          "output_cost_per_token": 1.5e-05, "cache_creation_input_token_cost": 3.75e-06,
          "cache_creation_input_token_cost_above_1hr": 6e-06, "supports_vision": false}}
        """#

    private static let openrouter = #"""
        {"data": [{"id": "perplexity/sonar-deep-research", "name": "Perplexity: Sonar Deep Research",
          "context_length": 128000, "architecture": {"input_modalities": ["text"]},
          "pricing": {"prompt": "0.000002", "completion": "0.000008", "internal_reasoning": "0.000003",
                      "request": "0.005", "image": "0.001"},
          "top_provider": {}, "supported_parameters": ["reasoning", "tools"]}]}
        """#

    private func write(_ text: String, _ name: String) throws -> String {
        let data = Data(text.utf8)
        try data.write(to: directory.appendingPathComponent(name))
        return "| \(name) | \(data.count) | \(SHA256.hex(data)) | test |"
    }

    func testTheGeneratedCatalogCarriesTheNewPriceAndCapabilityFacts() throws {
        let rows = [try write(Self.litellm, "litellm-model-prices.json"), try write(Self.openrouter, "openrouter-models.json")]
        _ = try write("Collected 2026-11-22.\n\n| file | bytes | sha256 | source |\n| --- | --- | --- | --- |\n"
                      + rows.joined(separator: "\n") + "\n", "SOURCES.md")
        let out = directory.appendingPathComponent("Data.swift").path
        try generate(CatalogGen.parse(["--data", directory.path, "--out", out]))

        let swift = try String(contentsOfFile: out, encoding: .utf8)
        let start = try XCTUnwrap(swift.range(of: "#\"\"\"\n")), end = try XCTUnwrap(swift.range(of: "\n\"\"\"#", options: .backwards))
        let text = String(swift[start.upperBound..<end.lowerBound])
        let lines = Set(text.split(separator: "\n").map(String.init))
        XCTAssertTrue(lines.contains("google/gemini-2.5-pro|gemini-2.5-pro|gemini|gemini-2.5-pro|1.25|10|0.125||1048576||"
            + "pdf,tools,vision||||||||200000:2.5/15/0.25"), text)
        XCTAssertTrue(lines.contains("anthropic/claude-sonnet-4-5|claude-sonnet-4-5|anthropic|claude-sonnet-4-5|3|15||3.75||||||vision|6"), text)
        XCTAssertTrue(lines.contains("perplexity/sonar-deep-research|Perplexity: Sonar Deep Research|openrouter|"
            + "perplexity/sonar-deep-research|2|8|||128000||reasoning,tools|||*||3|0.001|0.005"), text)

        let catalog = ModelCatalog(models: try CatalogCodec.decode(text))
        let gemini = try XCTUnwrap(catalog.model("google/gemini-2.5-pro")?.deployments.first)
        XCTAssertEqual(gemini.price.cost(of: Usage(input: 250_000, output: 1_000)), Money(Decimal(string: "0.64")!))
        let sonar = try XCTUnwrap(catalog.model("perplexity/sonar-deep-research")?.deployments.first)
        XCTAssertEqual(sonar.capabilityFacts.supports(.vision), false)
        XCTAssertEqual(sonar.price.perRequest, Decimal(string: "0.005"))
    }
}
