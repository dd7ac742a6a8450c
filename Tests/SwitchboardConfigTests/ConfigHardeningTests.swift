import SwitchboardCore
import XCTest
@testable import SwitchboardConfig

/// Config that would only fail later, far from its cause, is refused or repaired where it is read.
final class ConfigHardeningTests: XCTestCase {
    // MARK: - [[models]] overrides of catalog models

    func testAWindowOverrideOnACatalogModelKeepsItsProviderSideName() throws {
        let config = try ConfigLoader.parse("[[models]]\nid = \"demo/pro\"\ncontext = 500000\n", file: "c.toml")
        let catalog = config.catalog(over: ModelCatalog(models: DemoProvider.models))
        let deployment = try XCTUnwrap(catalog.model("demo/pro")?.deployments.first)
        XCTAssertEqual(deployment.providerModel, "demo-pro", "not the id's tail 'pro', which the provider does not know")
        XCTAssertEqual(deployment.contextWindow, 500_000)
        XCTAssertTrue(deployment.simulated, "config cannot make a simulated model real")
        XCTAssertEqual(deployment.price.output, DemoProvider.models[1].deployments[0].price.output, "the price is kept")
    }

    func testTheOverriddenModelStillAnswers() async throws {
        let config = try ConfigLoader.parse("[[models]]\nid = \"demo/pro\"\ncontext = 500000\ninput_per_mtok = 1\n",
                                            file: "c.toml")
        let registry = try ProviderRegistry.resolve(configuration: config, environment: [:])
        let engine = RoutingEngine(planner: RoutePlanner(catalog: config.catalog(over: ModelCatalog(models: DemoProvider.models)),
                                                         registry: registry),
                                   transport: DemoTransport(next: nil, paceScale: 0))
        var finished: TurnSummary?
        for try await event in engine.run(TurnRequest(messages: [.user("hello")], model: ModelRef(id: "demo/pro"))) {
            if case .finished(let summary) = event { finished = summary }
            if case .failed(let failure) = event { XCTFail("\(failure)") }
        }
        XCTAssertEqual(finished?.complete, true)
        XCTAssertEqual(finished?.route.providerModel, "demo-pro")
    }

    func testAWrittenProviderModelStillWinsAndNewModelsAreAdded() throws {
        let config = try ConfigLoader.parse("""
            [[models]]
            id = "demo/pro"
            provider_model = "demo-pro-2"

            [[models]]
            id = "my-vllm/qwen"
            """, file: "c.toml")
        let catalog = config.catalog(over: ModelCatalog(models: DemoProvider.models))
        XCTAssertEqual(catalog.model("demo/pro")?.deployments.first?.providerModel, "demo-pro-2")
        XCTAssertEqual(catalog.model("my-vllm/qwen")?.deployments.first?.providerModel, "qwen")
    }

    // MARK: - Headers

    func testHeaderNamesAndValuesHTTPCannotCarryAreRefusedWithFileLineAndKey() {
        let cases: [(String, String, String)] = [
            ("[providers.openai]\nheaders = { \"X-Bad\\r\\nInjected\" = \"1\" }\n", "providers.openai.headers", "\"X-Bad\\r\\nInjected\""),
            ("[providers.openai]\nheaders = { \"X Space\" = \"1\" }\n", "providers.openai.headers", "not a valid header name"),
            ("[providers.openai]\nheaders = { \"\" = \"1\" }\n", "providers.openai.headers", "not a valid header name"),
            ("[providers.openai]\nheaders = { \"X-Ok\" = \"a\\r\\nX-Evil: 1\" }\n", "providers.openai.headers.X-Ok", "control character"),
            ("[providers.openai]\nheaders = { \"X-Ok\" = \"a\\nb\" }\n", "providers.openai.headers.X-Ok", "control character"),
            ("[providers.openai]\nheaders = { \"X-Ok\" = \"a\\u0007b\" }\n", "providers.openai.headers.X-Ok", "control character"),
        ]
        for (text, key, words) in cases {
            XCTAssertThrowsError(try ConfigLoader.parse(text, file: "c.toml"), key) { error in
                guard case .invalidValue(let file, let line, let reported, let message) = error as? ConfigurationError else {
                    return XCTFail("\(key): \(error)")
                }
                XCTAssertEqual(file, "c.toml")
                XCTAssertEqual(line, 2, key)
                XCTAssertEqual(reported, key)
                XCTAssertTrue(message.contains(words), message)
                XCTAssertFalse("\(error)".contains("\n") || "\(error)".contains("\r"), "one line: \(error)")
            }
        }
    }

    func testOrdinaryHeadersPass() throws {
        let config = try ConfigLoader.parse("[providers.openai]\nheaders = { \"OpenAI-Organization\" = \"org 1\\twith tab\", \"x_y.z~\" = \"é\" }\n",
                                            file: "c.toml")
        XCTAssertEqual(config.providers["openai"]?.headers.count, 2)
    }

    // MARK: - Route cycles

    func testARouteCycleIsRefusedNamingThePath() {
        let text = "[routes.a]\nmodels = [\"b\"]\n\n[routes.b]\nmodels = [\"demo/mini\", \"a\"]\n"
        XCTAssertThrowsError(try ConfigLoader.parse(text, file: "c.toml")) { error in
            XCTAssertEqual(error as? ConfigurationError,
                           .invalidValue(file: "c.toml", line: 2, key: "routes.a.models",
                                         message: "routes refer to each other in a cycle: a -> b -> a (a route must end in models)"))
        }
        XCTAssertThrowsError(try ConfigLoader.parse("[routes.self]\nmodels = [\"self\"]\n", file: "c.toml")) { error in
            XCTAssertTrue("\(error)".contains("cycle: self -> self"), "\(error)")
        }
    }

    func testTheResolverReportsACycleRatherThanAnUnknownModel() throws {
        // Built in code, past config validation: the resolver still names the cycle.
        var routing = RoutingConfiguration()
        routing.routes["a"] = NamedRoute(name: "a", models: [ModelRef(id: "b")])
        routing.routes["b"] = NamedRoute(name: "b", models: [ModelRef(id: "c")])
        routing.routes["c"] = NamedRoute(name: "c", models: [ModelRef(id: "a")])
        let registry = try ProviderRegistry.resolve(configuration: Configuration(), environment: [:])
        let resolver = try RouteResolver(planner: RoutePlanner(catalog: ModelCatalog(models: DemoProvider.models), registry: registry),
                                         routing: routing)
        XCTAssertThrowsError(try resolver.resolve(TurnRequest(messages: [.user("hi")], model: ModelRef(id: "a")))) { error in
            XCTAssertEqual(error as? RoutingError, .routeCycle(["a", "b", "c", "a"]))
        }
        XCTAssertThrowsError(try resolver.resolve(TurnRequest(messages: [.user("hi")], model: ModelRef(id: "demo/mini"),
                                                              fallbacks: [ModelRef(id: "b")]))) { error in
            XCTAssertEqual(error as? RoutingError, .routeCycle(["b", "c", "a", "b"]))
        }
    }

    func testRoutesInsideRoutesExpandToTheirModels() throws {
        var routing = RoutingConfiguration()
        routing.routes["outer"] = NamedRoute(name: "outer", models: [ModelRef(id: "middle"), ModelRef(id: "demo/pro")])
        routing.routes["middle"] = NamedRoute(name: "middle", models: [ModelRef(id: "inner")])
        routing.routes["inner"] = NamedRoute(name: "inner", models: [ModelRef(id: "demo/mini")])
        XCTAssertEqual(try routing.expand(ModelRef(id: "outer")), [ModelRef(id: "demo/mini"), ModelRef(id: "demo/pro")])
    }

    // MARK: - The config file itself

    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sb-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    func testADirectoryAsTheConfigFileIsNamedAsOne() throws {
        let directory = try temporaryDirectory()
        XCTAssertThrowsError(try ConfigLoader.load(environment: ["SWITCHBOARD_CONFIG": directory.path])) { error in
            XCTAssertEqual("\(error)", "\(directory.path) is a directory, not a config file")
        }
    }

    func testAFIFOIsRefusedWithoutOpeningIt() throws {
        let fifo = try temporaryDirectory().appendingPathComponent("config.toml")
        XCTAssertEqual(mkfifo(fifo.path, 0o600), 0)
        XCTAssertThrowsError(try ConfigLoader.load(environment: ["SWITCHBOARD_CONFIG": fifo.path])) { error in
            XCTAssertEqual("\(error)", "\(fifo.path) is not a regular file, so it cannot be a config file")
        }
    }

    func testAnUnreadableOrNonUTF8FileSaysSo() throws {
        let folder = try temporaryDirectory()
        let binary = folder.appendingPathComponent("binary.toml")
        try Data([0xFF, 0xFE, 0x00, 0x80]).write(to: binary)
        XCTAssertThrowsError(try ConfigLoader.load(environment: ["SWITCHBOARD_CONFIG": binary.path])) { error in
            XCTAssertEqual("\(error)", "\(binary.path) is not UTF-8 text, so it cannot be a config file")
        }
        guard geteuid() != 0 else { return }  // root reads anything
        let locked = folder.appendingPathComponent("locked.toml")
        try Data("theme = \"light\"\n".utf8).write(to: locked)
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: locked.path)
        XCTAssertThrowsError(try ConfigLoader.load(environment: ["SWITCHBOARD_CONFIG": locked.path])) { error in
            XCTAssertEqual("\(error)", "\(locked.path) cannot be read: Permission denied")
        }
    }
}
