import XCTest
import SwitchboardCore
@testable import SwitchboardConfig

/// `[caching] auto = false` turns automatic prompt-cache breakpoints off for every provider.
final class CachingConfigTests: XCTestCase {
    func testCachingIsOnByDefaultAndAutoFalseTurnsItOffOnEveryEndpoint() throws {
        XCTAssertTrue(try ConfigLoader.parse("", file: "c.toml").promptCaching)
        let on = try ProviderRegistry.resolve(configuration: try ConfigLoader.parse("", file: "c.toml"),
                                              environment: ["ANTHROPIC_API_KEY": "sk-ant-x"])
        XCTAssertEqual(on.endpoint("anthropic")?.promptCaching, true)

        let text = """
            [caching]
            auto = false

            [providers.mine]
            base_url = "http://127.0.0.1:8000/v1"
            """
        let config = try ConfigLoader.parse(text, file: "c.toml")
        XCTAssertFalse(config.promptCaching)
        let registry = try ProviderRegistry.resolve(configuration: config, environment: ["ANTHROPIC_API_KEY": "sk-ant-x"])
        XCTAssertEqual(registry.endpoint("anthropic")?.promptCaching, false)
        XCTAssertEqual(registry.endpoint("mine")?.promptCaching, false)
    }

    func testAWrongValueOrKeyIsRefusedAtItsKey() {
        for (text, key) in [("[caching]\nauto = \"no\"\n", "caching.auto"), ("[caching]\nautomatic = false\n", "caching.automatic")] {
            XCTAssertThrowsError(try ConfigLoader.parse(text, file: "c.toml"), text) { error in
                XCTAssertTrue("\(error)".contains(key), "\(error) names \(key)")
                XCTAssertNotNil(error as? ConfigurationError)
            }
        }
    }
}
