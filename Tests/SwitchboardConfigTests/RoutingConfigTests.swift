import SwitchboardCore
import XCTest
@testable import SwitchboardConfig

final class RoutingConfigTests: XCTestCase {
    private func dollars(_ text: String) -> Money { Money(Decimal(string: text) ?? -1) }

    func testParsesEveryRoutingTable() throws {
        let text = """
        [aliases]
        fast = "groq/llama-3.1-8b-instant"

        [constraints]
        max_input_per_mtok = 5
        max_output_per_mtok = "20"
        require = ["tools"]

        [routes.smart]
        models = ["anthropic/claude-sonnet-4-5", "openai/gpt-5:floor", "google/gemini-2.5-pro@gemini"]
        max_output_per_mtok = 12.5
        require = ["vision"]
        min_context = 100000

        [routes.cheap]
        models = ["fast"]

        [auto]
        simple = ["fast", "demo/mini"]
        reasoning = ["smart"]

        [auto.coding]
        complex = ["anthropic/claude-sonnet-4-5"]

        [[rules]]
        name = "sql"
        keywords = ["sql", "query"]
        route = "cheap"

        [[rules]]
        task = "code"
        pattern = "\\\\bfunc\\\\b"
        model = "auto:coding"

        [budget]
        daily = 5
        monthly = 50.5
        session = "2.10"
        per_request = 0.1
        warn_at = 0.9
        on_exceed = "downgrade"

        [health]
        window_size = 10
        window_seconds = 120
        consecutive_failures = 2
        error_share = 0.4
        min_samples = 4
        cooldown_seconds = 15
        max_cooldown_seconds = 300
        probe_timeout_seconds = 60
        max_wait_seconds = 5
        """
        let routing = try ConfigLoader.parse(text, file: "c.toml").routing

        XCTAssertEqual(routing.constraints, RouteConstraints(maxInputPerMillion: 5, maxOutputPerMillion: 20, requiredCapabilities: [.tools]))
        let smart = try XCTUnwrap(routing.routes["smart"])
        XCTAssertEqual(smart.models.map(\.description), ["anthropic/claude-sonnet-4-5", "openai/gpt-5:floor", "google/gemini-2.5-pro@gemini"])
        XCTAssertEqual(smart.models[1].variant, .floor)
        XCTAssertEqual(smart.constraints, RouteConstraints(maxOutputPerMillion: Decimal(string: "12.5"), requiredCapabilities: [.vision],
                                                           minContext: 100_000))
        XCTAssertEqual(routing.constraints(for: "smart"),
                       RouteConstraints(maxInputPerMillion: 5, maxOutputPerMillion: Decimal(string: "12.5"),
                                        requiredCapabilities: [.tools, .vision], minContext: 100_000))
        XCTAssertEqual(routing.constraints(for: nil), routing.constraints)
        XCTAssertEqual(routing.routes["cheap"]?.models, [ModelRef(id: "fast")])

        XCTAssertEqual(routing.auto[.simple]?.map(\.id), ["fast", "demo/mini"])
        XCTAssertEqual(routing.auto[.reasoning]?.map(\.id), ["smart"])
        XCTAssertNil(routing.auto[.medium])
        XCTAssertEqual(routing.autoVariants["coding"]?[.complex]?.map(\.id), ["anthropic/claude-sonnet-4-5"])
        XCTAssertNil(routing.autoVariants["coding"]?[.simple])

        XCTAssertEqual(routing.rules, [
            TaskRule(name: "sql", keywords: ["sql", "query"], target: .route("cheap")),
            TaskRule(task: "code", pattern: "\\bfunc\\b", target: .model(ModelRef(id: "auto:coding"))),
        ])
        let rules = try TaskRules(routing.rules)
        XCTAssertEqual(rules.match(prompt: "write a func", task: "code")?.index, 1)

        XCTAssertEqual(routing.budget, BudgetLimits(daily: dollars("5"), monthly: dollars("50.5"), session: dollars("2.10"),
                                                    perRequest: dollars("0.1"), warnAt: Decimal(string: "0.9") ?? 0, onExceed: .downgrade))
        XCTAssertEqual(routing.health, HealthTracker.Settings(
            windowSize: 10, window: .seconds(120), consecutiveFailures: 2, errorShare: 0.4, minimumSamples: 4,
            baseCooldown: .seconds(15), maxCooldown: .seconds(300), probeTimeout: .seconds(60), maxWaitForRecovery: .seconds(5)))
    }

    func testMissingTablesGiveDefaults() throws {
        let routing = try ConfigLoader.parse("default_model = \"demo/mini\"\n", file: "c.toml").routing
        XCTAssertEqual(routing, RoutingConfiguration())
        XCTAssertTrue(routing.budget.isEmpty)
        XCTAssertEqual(routing.budget.warnAt, Decimal(string: "0.8"))
        XCTAssertEqual(routing.budget.onExceed, .block)
    }

    func testBadValuesNameTheFileLineAndKey() {
        let cases: [(String, Int, String)] = [
            ("[routes.smart]\nmodels = []\n", 2, "routes.smart.models"),
            ("[routes.smart]\nmodels = [\"a/b\", 3]\n", 2, "routes.smart.models"),
            ("[routes.smart]\nmax_input_per_mtok = 1\n", 1, "routes.smart.models"),
            ("[routes.smart]\nmodels = [\"a/b\"]\nrequire = [\"telepathy\"]\n", 3, "routes.smart.require"),
            ("[routes.smart]\nmodels = [\"a/b\"]\nmin_context = 0\n", 3, "routes.smart.min_context"),
            ("[routes.\"auto:x\"]\nmodels = [\"a/b\"]\n", 1, "routes.auto:x"),
            ("[aliases]\nfast = \"a/b\"\n[routes.fast]\nmodels = [\"a/b\"]\n", 3, "routes.fast"),
            ("[constraints]\nmax_input_per_mtok = -1\n", 2, "constraints.max_input_per_mtok"),
            ("[constraints]\nmax_output_per_mtok = \"cheap\"\n", 2, "constraints.max_output_per_mtok"),
            ("[auto]\nsimple = \"a/b\"\n", 2, "auto.simple"),
            ("[auto]\nmedium = [\"\"]\n", 2, "auto.medium"),
            ("[auto.coding]\ncomplex = [\"a/b@\"]\n", 2, "auto.coding.complex"),
            ("[[rules]]\nkeywords = [\"sql\"]\nroute = \"nowhere\"\n", 3, "rules.0.route"),
            ("[[rules]]\nkeywords = [\"sql\"]\n", 1, "rules.0"),
            ("[[rules]]\nroute = \"x\"\n[routes.x]\nmodels = [\"a/b\"]\n", 1, "rules.0"),
            ("[routes.x]\nmodels = [\"a/b\"]\n[[rules]]\nkeywords = [\"a\"]\nroute = \"x\"\n[[rules]]\n\npattern = \"([bad\"\nroute = \"x\"\n", 8, "rules.1.pattern"),
            ("[[rules]]\nkeywords = [\"a\"]\nroute = \"x\"\nmodel = \"a/b\"\n", 4, "rules.0.model"),
            ("[[rules]]\nkeywords = [\"\"]\nmodel = \"a/b\"\n", 2, "rules.0.keywords"),
            ("[[rules]]\ntask = \" \"\nmodel = \"a/b\"\n", 2, "rules.0.task"),
            ("rules = 3\n", 1, "rules"),
            ("[budget]\ndaily = -5\n", 2, "budget.daily"),
            ("[budget]\nmonthly = \"lots\"\n", 2, "budget.monthly"),
            ("[budget]\nsession = true\n", 2, "budget.session"),
            ("[budget]\nwarn_at = 1.5\n", 2, "budget.warn_at"),
            ("[budget]\non_exceed = \"panic\"\n", 2, "budget.on_exceed"),
            ("[health]\nerror_share = 0\n", 2, "health.error_share"),
            ("[health]\nconsecutive_failures = 0\n", 2, "health.consecutive_failures"),
            ("[health]\ncooldown_seconds = -1\n", 2, "health.cooldown_seconds"),
            ("[health]\ncooldown_seconds = 60\nmax_cooldown_seconds = 30\n", 3, "health.max_cooldown_seconds"),
        ]
        for (text, line, key) in cases {
            XCTAssertThrowsError(try ConfigLoader.parse(text, file: "c.toml"), key) { error in
                guard case .invalidValue(let file, let reportedLine, let reportedKey, _) = error as? ConfigurationError else {
                    return XCTFail("\(key): \(error)")
                }
                XCTAssertEqual(file, "c.toml", key)
                XCTAssertEqual(reportedKey, key, text)
                XCTAssertEqual(reportedLine, line, key)
                XCTAssertTrue("\(error)".hasPrefix("c.toml:\(line): \(key): "), "\(error)")
            }
        }
    }

    func testMessagesSayWhatIsWrong() {
        let text = "[routes.x]\nmodels = [\"a/b\"]\n[[rules]]\nkeywords = [\"sql\"]\nroute = \"nowhere\"\n"
        XCTAssertThrowsError(try ConfigLoader.parse(text, file: "c.toml")) { error in
            XCTAssertEqual("\(error)", "c.toml:5: rules.0.route: no [routes.nowhere] is defined (routes: x)")
        }
        XCTAssertThrowsError(try ConfigLoader.parse("[[rules]]\npattern = \"(\"\nmodel = \"a/b\"\n", file: "c.toml")) { error in
            XCTAssertEqual("\(error)", "c.toml:2: rules.0.pattern: '(' is not a valid regular expression")
        }
        XCTAssertThrowsError(try ConfigLoader.parse("[budget]\non_exceed = \"panic\"\n", file: "c.toml")) { error in
            XCTAssertEqual("\(error)", "c.toml:2: budget.on_exceed: 'panic' is not one of block, downgrade")
        }
    }

    func testUnknownKeysAreErrorsWithSuggestions() {
        let cases: [(String, Int, String, String?)] = [
            ("[budget]\ndayly = 5\n", 2, "budget.dayly", "daily"),
            ("[health]\ncooldown_second = 5\n", 2, "health.cooldown_second", "cooldown_seconds"),
            ("[routes.x]\nmodels = [\"a/b\"]\nmax_input = 3\n", 3, "routes.x.max_input", nil),
            ("[auto]\nsimpel = [\"a/b\"]\n", 2, "auto.simpel", "simple"),
            ("[auto.coding]\nhard = [\"a/b\"]\n", 2, "auto.coding.hard", nil),
            ("[[rules]]\nkeyword = [\"a\"]\nmodel = \"a/b\"\n", 2, "rules.0.keyword", "keywords"),
            ("[constraints]\nrequires = [\"tools\"]\n", 2, "constraints.requires", "require"),
            ("[budgets]\ndaily = 5\n", 1, "budgets", "budget"),
        ]
        for (text, line, key, suggestion) in cases {
            XCTAssertThrowsError(try ConfigLoader.parse(text, file: "c.toml"), key) { error in
                XCTAssertEqual(error as? ConfigurationError,
                               .unknownKey(file: "c.toml", line: line, key: key, suggestion: suggestion), key)
            }
        }
    }
}
