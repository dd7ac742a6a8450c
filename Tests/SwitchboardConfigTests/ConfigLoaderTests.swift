import SwitchboardCore
import XCTest
@testable import SwitchboardConfig

final class ConfigLoaderTests: XCTestCase {
    func testParsesEveryTable() throws {
        let text = """
        default_model = "anthropic/claude-sonnet-4-5"
        theme = "light"
        continue_on_failure = true

        [providers.openai]
        key_env = "WORK_OPENAI_KEY"
        headers = { "OpenAI-Organization" = "org-1" }

        [providers.my-vllm]
        base_url = "http://127.0.0.1:8000/v1"
        wire = "openai-compatible"

        [providers.gemini]
        enabled = false

        [aliases]
        fast = "groq/llama-3.1-8b-instant"

        [[models]]
        id = "my-vllm/qwen"
        provider_model = "Qwen/Qwen2.5-7B-Instruct"
        input_per_mtok = 0.1
        output_per_mtok = "0.20"
        context = 32768
        capabilities = ["tools"]

        [timeouts]
        first_token_seconds = 12.5
        stall_seconds = 5
        """
        let config = try ConfigLoader.parse(text, file: "/tmp/c.toml")
        XCTAssertEqual(config.defaultModel, "anthropic/claude-sonnet-4-5")
        XCTAssertEqual(config.theme, "light")
        XCTAssertTrue(config.continueOnFailure)
        XCTAssertEqual(config.providers["openai"]?.keyEnvironment, "WORK_OPENAI_KEY")
        XCTAssertEqual(config.providers["openai"]?.headers, ["OpenAI-Organization": "org-1"])
        XCTAssertEqual(config.providers["my-vllm"]?.wire, .openAICompatible)
        XCTAssertEqual(config.providers["gemini"]?.enabled, false)
        XCTAssertEqual(config.aliases["fast"], "groq/llama-3.1-8b-instant")
        let model = try XCTUnwrap(config.models.first)
        XCTAssertEqual(model.id, "my-vllm/qwen")
        XCTAssertEqual(model.deployments.first?.provider, "my-vllm")
        XCTAssertEqual(model.deployments.first?.providerModel, "Qwen/Qwen2.5-7B-Instruct")
        XCTAssertEqual(model.deployments.first?.price.input, Decimal(string: "0.0000001"))
        XCTAssertEqual(model.deployments.first?.price.output, Decimal(string: "0.0000002"))
        XCTAssertNil(model.deployments.first?.price.cacheRead)
        XCTAssertEqual(model.deployments.first?.capabilities, [.tools])
        XCTAssertEqual(config.timeouts.firstToken, .milliseconds(12_500))
        XCTAssertEqual(config.timeouts.stall, .seconds(5))
        XCTAssertEqual(config.timeouts.connect, .seconds(10))
    }

    func testSyntaxErrorNamesFileAndLine() {
        let text = "default_model = \"a/b\"\n[providers.openai\nbase_url = 1\n"
        XCTAssertThrowsError(try ConfigLoader.parse(text, file: "/etc/sb.toml")) { error in
            guard case .syntax(let file, let line, _, _) = error as? ConfigurationError else { return XCTFail("\(error)") }
            XCTAssertEqual(file, "/etc/sb.toml")
            XCTAssertEqual(line, 2)
        }
    }

    func testWrongTypeNamesTheKeyAndItsLine() {
        let text = "# comment\n\n[providers.openai]\nbase_url = 42\n"
        XCTAssertThrowsError(try ConfigLoader.parse(text, file: "c.toml")) { error in
            XCTAssertEqual(error as? ConfigurationError,
                           .invalidValue(file: "c.toml", line: 4, key: "providers.openai.base_url", message: "must be a string"))
            XCTAssertEqual("\(error)", "c.toml:4: providers.openai.base_url: must be a string")
        }
    }

    func testUnknownKeyGetsASuggestion() {
        let text = "[providers.openai]\nbase_ulr = \"http://x/v1\"\n"
        XCTAssertThrowsError(try ConfigLoader.parse(text, file: "c.toml")) { error in
            XCTAssertEqual(error as? ConfigurationError,
                           .unknownKey(file: "c.toml", line: 2, key: "providers.openai.base_ulr", suggestion: "base_url"))
        }
    }

    func testBadValuesAreRejectedWithReasons() {
        let cases = [
            "[providers.x]\nwire = \"soap\"\n": "providers.x.wire",
            "[[models]]\nid = \"a/b\"\ninput_per_mtok = -1\n": "models.0.input_per_mtok",
            "[[models]]\nid = \"a/b\"\ncapabilities = [\"telepathy\"]\n": "models.0.capabilities",
            "[timeouts]\nstall_seconds = 0\n": "timeouts.stall_seconds",
            "[aliases]\nfast = \"\"\n": "aliases.fast",
        ]
        for (text, key) in cases {
            XCTAssertThrowsError(try ConfigLoader.parse(text, file: "c.toml"), key) { error in
                guard case .invalidValue(_, let line, let reported, _) = error as? ConfigurationError else {
                    return XCTFail("\(key): \(error)")
                }
                XCTAssertEqual(reported, key)
                XCTAssertNotNil(line, key)
            }
        }
    }

    func testLocationFollowsEnvironment() {
        XCTAssertEqual(ConfigLocation.configFile(environment: ["SWITCHBOARD_CONFIG": "/x/y.toml"]).path, "/x/y.toml")
        XCTAssertEqual(ConfigLocation.configFile(environment: ["XDG_CONFIG_HOME": "/xdg", "HOME": "/h"]).path,
                       "/xdg/switchboard/config.toml")
        XCTAssertEqual(ConfigLocation.configFile(environment: ["HOME": "/h"]).path, "/h/.config/switchboard/config.toml")
    }

    func testMissingDefaultFileIsEmptyButMissingExplicitFileIsAnError() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        XCTAssertNil(try ConfigLoader.load(environment: ["XDG_CONFIG_HOME": directory.path]).defaultModel)
        XCTAssertThrowsError(try ConfigLoader.load(environment: ["SWITCHBOARD_CONFIG": directory.path + "/nope.toml"]))
    }
}
