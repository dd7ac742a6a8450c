import Foundation
import SwitchboardCore
import TOMLKit

/// Turns a parsed TOML table into a checked `Configuration`. Unknown keys are errors (with the closest known
/// key), so a typo never silently does nothing.
struct ConfigParser {
    let file: String
    let locator: KeyLocator

    static let topLevelKeys = ["default_model", "continue_on_failure", "theme", "database_url", "providers", "aliases", "models", "timeouts", "retry",
                               "routes", "auto", "rules", "budget", "health", "constraints", "caching", "context", "ui",
                               "mcp", "tools"]
    static let providerKeys = ["base_url", "key_env", "api_key", "key_cmd", "headers", "enabled", "wire", "think_tags"]
    static let modelKeys = ["id", "name", "provider", "provider_model", "input_per_mtok", "output_per_mtok",
                            "cache_read_per_mtok", "cache_write_per_mtok", "context", "max_output", "capabilities",
                            "cache_write_1h_per_mtok", "reasoning_per_mtok", "per_image", "per_request", "tiers", "lacks"]
    /// `[[models.tiers]]`: the rates above a prompt size (`above`, in tokens).
    static let tierKeys = ["above", "input_per_mtok", "output_per_mtok", "cache_read_per_mtok", "cache_write_per_mtok",
                           "cache_write_1h_per_mtok", "reasoning_per_mtok", "per_image"]
    static let timeoutKeys = ["connect_seconds", "first_token_seconds", "stall_seconds"]
    static let retryKeys = ["max_attempts_per_model", "max_attempts_per_turn", "max_wait_seconds"]
    static let constraintKeys = ["max_input_per_mtok", "max_output_per_mtok", "require", "min_context"]
    static let routeKeys = ["models"] + constraintKeys
    static let ruleKeys = ["name", "task", "keywords", "pattern", "route", "model"]
    static let cachingKeys = ["auto"]
    static let contextKeys = ["auto_compact_at", "compact_model"]
    static let budgetKeys = ["daily", "monthly", "session", "per_request", "warn_at", "on_exceed"]
    static let healthKeys = ["window_size", "window_seconds", "consecutive_failures", "error_share", "min_samples",
                             "cooldown_seconds", "max_cooldown_seconds", "probe_timeout_seconds", "max_wait_seconds"]

    func configuration(from table: TOMLTable) throws -> Configuration {
        try checkKeys(table, allowed: Self.topLevelKeys, path: "")
        var configuration = Configuration(sourcePath: file)
        configuration.defaultModel = try string(table, "default_model", path: "default_model")
        configuration.theme = try string(table, "theme", path: "theme")
        configuration.databaseURL = try string(table, "database_url", path: "database_url")
        if configuration.databaseURL?.isEmpty == true { throw invalid("database_url", "must not be empty") }
        if let value = table["continue_on_failure"] {
            guard let flag = value.bool else { throw invalid("continue_on_failure", "must be true or false") }
            configuration.continueOnFailure = flag
        }
        if let providers = try subtable(table, "providers", path: "providers") {
            for name in providers.keys.sorted() {
                guard let settings = providers[name]?.table else {
                    throw invalid("providers.\(name)", "must be a table: [providers.\(name)]")
                }
                configuration.providers[name.lowercased()] = try provider(settings, path: "providers.\(name)")
            }
        }
        if let aliases = try subtable(table, "aliases", path: "aliases") {
            for name in aliases.keys.sorted() {
                guard let target = aliases[name]?.string else { throw invalid("aliases.\(name)", "must be a model id string") }
                _ = try modelRef(target, path: "aliases.\(name)")
                configuration.aliases[name] = target
            }
        }
        if let models = table["models"] {
            guard let array = models.array else { throw invalid("models", "must be an array of tables: [[models]]") }
            for (index, entry) in array.enumerated() {
                guard let model = entry.table else { throw invalid("models.\(index)", "must be a table") }
                configuration.modelEntries.append(ModelEntry(model: try self.model(model, path: "models.\(index)"),
                                                             providerModelIsExplicit: model["provider_model"] != nil))
            }
        }
        if let timeouts = try subtable(table, "timeouts", path: "timeouts") {
            try checkKeys(timeouts, allowed: Self.timeoutKeys, path: "timeouts")
            var value = Timeouts()
            if let seconds = try positiveSeconds(timeouts, "connect_seconds", path: "timeouts") { value.connect = seconds }
            if let seconds = try positiveSeconds(timeouts, "first_token_seconds", path: "timeouts") { value.firstToken = seconds }
            if let seconds = try positiveSeconds(timeouts, "stall_seconds", path: "timeouts") { value.stall = seconds }
            configuration.timeouts = value
        }
        if let retry = try subtable(table, "retry", path: "retry") {
            try checkKeys(retry, allowed: Self.retryKeys, path: "retry")
            if let count = try positiveInt(retry, "max_attempts_per_model", path: "retry") { configuration.retry.maxAttemptsPerCandidate = count }
            if let count = try positiveInt(retry, "max_attempts_per_turn", path: "retry") { configuration.retry.maxAttemptsPerTurn = count }
            if let seconds = try positiveSeconds(retry, "max_wait_seconds", path: "retry") { configuration.retry.maxHonouredWait = seconds }
        }
        if let caching = try subtable(table, "caching", path: "caching") {
            try checkKeys(caching, allowed: Self.cachingKeys, path: "caching")
            if let value = caching["auto"] {
                guard let flag = value.bool else { throw invalid("caching.auto", "must be true or false") }
                configuration.promptCaching = flag
            }
        }
        if let context = try subtable(table, "context", path: "context") {
            try checkKeys(context, allowed: Self.contextKeys, path: "context")
            let what = "a share of the context window between 0 and 1, e.g. 0.8"
            if let share = try decimal(context, "auto_compact_at", path: "context", what: what) {
                guard share > 0, share <= 1 else { throw invalid("context.auto_compact_at", "must be \(what)") }
                configuration.context.autoCompactAt = share
            }
            if let model = try string(context, "compact_model", path: "context.compact_model") {
                _ = try modelRef(model, path: "context.compact_model")
                configuration.context.compactModel = model
            }
        }
        if let ui = try subtable(table, "ui", path: "ui") { configuration.ui = try self.ui(ui) }
        if let mcp = try subtable(table, "mcp", path: "mcp") { configuration.mcpServers = try mcpServers(mcp) }
        if let tools = try subtable(table, "tools", path: "tools") { configuration.tools = try self.tools(tools) }
        configuration.routing = try routing(from: table, aliases: configuration.aliases)
        return configuration
    }

    // MARK: - Routing

    private func routing(from table: TOMLTable, aliases: [String: String]) throws -> RoutingConfiguration {
        var routing = RoutingConfiguration()
        if let constraints = try subtable(table, "constraints", path: "constraints") {
            try checkKeys(constraints, allowed: Self.constraintKeys, path: "constraints")
            routing.constraints = try self.constraints(constraints, path: "constraints")
        }
        if let routes = try subtable(table, "routes", path: "routes") {
            for name in routes.keys.sorted() {
                let path = "routes.\(name)"
                guard let route = routes[name]?.table else { throw invalid(path, "must be a table: [\(path)]") }
                guard AutoTiers.selector(in: name) == nil, !name.contains("/"), !name.contains("@"), !name.contains(":") else {
                    throw invalid(path, "'\(name)' cannot be a route name: it reads as a model (use letters, digits, - and _)")
                }
                if aliases[name] != nil { throw invalid(path, "'\(name)' is also defined in [aliases]: one name, one meaning") }
                try checkKeys(route, allowed: Self.routeKeys, path: path)
                guard let models = try modelList(route, "models", path: path + ".models") else {
                    throw invalid(path + ".models", "a route needs models = [\"vendor/model\", ...]")
                }
                routing.routes[name] = NamedRoute(name: name, models: models, constraints: try constraints(route, path: path))
            }
            // Routes may name routes; a circle of them could never reach a model, so it is refused here, at its line.
            for name in routing.routes.keys.sorted() {
                do { _ = try routing.expand(ModelRef(id: name)) } catch let error as RoutingError {
                    throw invalid("routes.\(name).models", error.description)
                }
            }
        }
        if let auto = try subtable(table, "auto", path: "auto") {
            let tierNames = Tier.allCases.map(\.rawValue)
            try checkKeys(auto, allowed: tierNames + auto.keys.filter { auto[$0]?.table != nil }, path: "auto")
            for key in auto.keys.sorted() {
                if let tier = Tier(rawValue: key) {
                    routing.auto[tier] = try modelList(auto, key, path: "auto.\(key)")
                } else if let variant = auto[key]?.table {
                    try checkKeys(variant, allowed: tierNames, path: "auto.\(key)")
                    var tiers: AutoTierTable = [:]
                    for tier in Tier.allCases { tiers[tier] = try modelList(variant, tier.rawValue, path: "auto.\(key).\(tier.rawValue)") }
                    routing.autoVariants[key] = tiers
                }
            }
        }
        if let rules = table["rules"] {
            guard let array = rules.array else { throw invalid("rules", "must be an array of tables: [[rules]]") }
            for (index, entry) in array.enumerated() {
                guard let rule = entry.table else { throw invalid("rules.\(index)", "must be a table") }
                routing.rules.append(try self.rule(rule, path: "rules.\(index)", routes: routing.routes))
            }
        }
        if let budget = try subtable(table, "budget", path: "budget") { routing.budget = try self.budget(budget) }
        if let health = try subtable(table, "health", path: "health") { routing.health = try self.health(health) }
        return routing
    }

    private func constraints(_ table: TOMLTable, path: String) throws -> RouteConstraints {
        RouteConstraints(maxInputPerMillion: try decimal(table, "max_input_per_mtok", path: path, what: "a price in dollars per million tokens, e.g. 3"),
                         maxOutputPerMillion: try decimal(table, "max_output_per_mtok", path: path, what: "a price in dollars per million tokens, e.g. 15"),
                         requiredCapabilities: try capabilities(table, "require", path: path + ".require"),
                         minContext: try positiveInt(table, "min_context", path: path))
    }

    private func rule(_ table: TOMLTable, path: String, routes: [String: NamedRoute]) throws -> TaskRule {
        try checkKeys(table, allowed: Self.ruleKeys, path: path)
        let target: TaskRule.Target
        switch (try string(table, "route", path: path + ".route"), try string(table, "model", path: path + ".model")) {
        case (let route?, nil):
            guard routes[route] != nil else {
                let known = routes.keys.sorted().joined(separator: ", ")
                throw invalid(path + ".route", "no [routes.\(route)] is defined" + (known.isEmpty ? "" : " (routes: \(known))"))
            }
            target = .route(route)
        case (nil, let model?): target = .model(try modelRef(model, path: path + ".model"))
        case (.some, .some): throw invalid(path + ".model", "a rule chooses either a route or a model, not both")
        case (nil, nil): throw invalid(path, "a rule needs route = \"NAME\" or model = \"vendor/model\"")
        }
        var keywords: [String] = []
        if let list = table["keywords"] {
            guard let array = list.array else { throw invalid(path + ".keywords", "must be an array of words, e.g. [\"sql\", \"query\"]") }
            for item in array {
                guard let word = item.string?.trimmingCharacters(in: .whitespaces), !word.isEmpty else {
                    throw invalid(path + ".keywords", "must be an array of non-empty strings")
                }
                keywords.append(word)
            }
        }
        let pattern = try string(table, "pattern", path: path + ".pattern")
        if let pattern {
            guard !pattern.isEmpty, (try? TaskRule.compile(pattern)) != nil else {
                throw invalid(path + ".pattern", "'\(pattern)' is not a valid regular expression")
            }
        }
        let task = try string(table, "task", path: path + ".task")
        if task?.trimmingCharacters(in: .whitespaces).isEmpty == true { throw invalid(path + ".task", "must name a task, e.g. \"code\"") }
        let rule = TaskRule(name: try string(table, "name", path: path + ".name"), task: task, keywords: keywords,
                            pattern: pattern, target: target)
        guard rule.hasCondition else { throw invalid(path, "a rule needs task, keywords or pattern to match on") }
        return rule
    }

    private func budget(_ table: TOMLTable) throws -> BudgetLimits {
        try checkKeys(table, allowed: Self.budgetKeys, path: "budget")
        let what = "an amount in US dollars, e.g. 5 or 0.50"
        var limits = BudgetLimits(daily: try decimal(table, "daily", path: "budget", what: what).map(Money.init),
                                  monthly: try decimal(table, "monthly", path: "budget", what: what).map(Money.init),
                                  session: try decimal(table, "session", path: "budget", what: what).map(Money.init),
                                  perRequest: try decimal(table, "per_request", path: "budget", what: what).map(Money.init))
        if let share = try decimal(table, "warn_at", path: "budget", what: "a share of the limit between 0 and 1, e.g. 0.8") {
            guard share > 0, share <= 1 else { throw invalid("budget.warn_at", "must be a share of the limit between 0 and 1, e.g. 0.8") }
            limits.warnAt = share
        }
        if let action = try string(table, "on_exceed", path: "budget.on_exceed") {
            guard let value = BudgetLimits.OnExceed(rawValue: action) else {
                throw invalid("budget.on_exceed", "'\(action)' is not one of block, downgrade")
            }
            limits.onExceed = value
        }
        return limits
    }

    private func health(_ table: TOMLTable) throws -> HealthTracker.Settings {
        try checkKeys(table, allowed: Self.healthKeys, path: "health")
        var settings = HealthTracker.Settings()
        if let count = try positiveInt(table, "window_size", path: "health") { settings.windowSize = count }
        if let count = try positiveInt(table, "consecutive_failures", path: "health") { settings.consecutiveFailures = count }
        if let count = try positiveInt(table, "min_samples", path: "health") { settings.minimumSamples = count }
        if let seconds = try positiveSeconds(table, "window_seconds", path: "health") { settings.window = seconds }
        if let seconds = try positiveSeconds(table, "cooldown_seconds", path: "health") { settings.baseCooldown = seconds }
        if let seconds = try positiveSeconds(table, "max_cooldown_seconds", path: "health") { settings.maxCooldown = seconds }
        if let seconds = try positiveSeconds(table, "probe_timeout_seconds", path: "health") { settings.probeTimeout = seconds }
        if let seconds = try positiveSeconds(table, "max_wait_seconds", path: "health") { settings.maxWaitForRecovery = seconds }
        if let share = try decimal(table, "error_share", path: "health", what: "a share between 0 and 1, e.g. 0.5") {
            guard share > 0, share <= 1 else { throw invalid("health.error_share", "must be a share between 0 and 1, e.g. 0.5") }
            settings.errorShare = NSDecimalNumber(decimal: share).doubleValue
        }
        guard settings.maxCooldown >= settings.baseCooldown else {
            throw invalid(table["max_cooldown_seconds"] == nil ? "health.cooldown_seconds" : "health.max_cooldown_seconds",
                          "max_cooldown_seconds must be at least cooldown_seconds")
        }
        return settings
    }

    private func modelList(_ table: TOMLTable, _ key: String, path: String) throws -> [ModelRef]? {
        guard let value = table[key] else { return nil }
        guard let array = value.array else { throw invalid(path, "must be a list of models, e.g. [\"openai/gpt-4o-mini\"]") }
        var refs: [ModelRef] = []
        for item in array {
            guard let text = item.string else { throw invalid(path, "must be a list of model id strings") }
            refs.append(try modelRef(text, path: path))
        }
        guard !refs.isEmpty else { throw invalid(path, "list at least one model") }
        return refs
    }

    private func provider(_ table: TOMLTable, path: String) throws -> ProviderSettings {
        try checkKeys(table, allowed: Self.providerKeys, path: path)
        var settings = ProviderSettings()
        settings.baseURL = try string(table, "base_url", path: path + ".base_url")
        if let base = settings.baseURL, URL(string: base)?.scheme == nil {
            throw invalid(path + ".base_url", "'\(base)' is not a URL (expected e.g. http://127.0.0.1:8000/v1)")
        }
        settings.keyEnvironment = try string(table, "key_env", path: path + ".key_env")
        settings.apiKey = try string(table, "api_key", path: path + ".api_key")
        if let key = settings.apiKey { Redactor.shared.register(key) }
        if let command = try string(table, "key_cmd", path: path + ".key_cmd") {
            guard !command.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw invalid(path + ".key_cmd", "must be a shell command that prints the key, e.g. \"pass show openai\"")
            }
            settings.keyCommand = command
        }
        if let enabled = table["enabled"] {
            guard let flag = enabled.bool else { throw invalid(path + ".enabled", "must be true or false") }
            settings.enabled = flag
        }
        if let thinkTags = table["think_tags"] {
            guard let flag = thinkTags.bool else { throw invalid(path + ".think_tags", "must be true or false") }
            settings.thinkTags = flag
        }
        if let wire = try string(table, "wire", path: path + ".wire") {
            guard let value = WireProtocol(rawValue: wire), value != .demo else {
                throw invalid(path + ".wire", "'\(wire)' is not one of openai, openai-compatible, anthropic, gemini")
            }
            settings.wire = value
        }
        if let headers = try subtable(table, "headers", path: path + ".headers") {
            for name in headers.keys.sorted() {
                try checkHeaderName(name, path: path + ".headers")
                let key = path + ".headers.\(name)"
                guard let value = headers[name]?.string else { throw invalid(key, "must be a string") }
                try checkHeaderValue(value, key: key)
                settings.headers[name] = value
            }
        }
        return settings
    }

    /// A header that HTTP cannot carry would make every request fail later as a transport error (or, with CR/LF,
    /// smuggle a header of its own): refuse it here, where the file and line are known. The name is shown escaped
    /// ("X\r\nY"), so the message itself stays on one line.
    private func checkHeaderName(_ name: String, path: String) throws {
        guard !name.isEmpty, name.unicodeScalars.allSatisfy(Self.isTokenCharacter) else {
            let shown = name.unicodeScalars.map { $0.escaped(asASCII: false) }.joined()
            throw invalid(path, "\"\(shown)\" is not a valid header name "
                          + "(letters, digits and !#$%&'*+-.^_`|~ only: no spaces, CR or LF)")
        }
    }

    private func checkHeaderValue(_ value: String, key: String) throws {
        guard value.unicodeScalars.allSatisfy({ $0 == "\t" || ($0.value >= 0x20 && $0.value != 0x7F) }) else {
            throw invalid(key, "the value contains a control character (CR, LF, NUL …), which an HTTP header cannot carry")
        }
    }

    /// RFC 9110 `tchar`: what a header name may be made of.
    private static func isTokenCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9": true
        case "!", "#", "$", "%", "&", "'", "*", "+", "-", ".", "^", "_", "`", "|", "~": true
        default: false
        }
    }

    private func model(_ table: TOMLTable, path: String) throws -> CatalogModel {
        try checkKeys(table, allowed: Self.modelKeys, path: path)
        guard let id = try string(table, "id", path: path + ".id") else { throw invalid(path + ".id", "every [[models]] entry needs an id") }
        let ref = try modelRef(id, path: path + ".id")
        guard let provider = try string(table, "provider", path: path + ".provider") ?? ref.vendor else {
            throw invalid(path + ".provider", "say which provider serves \(id)")
        }
        let providerModel = try string(table, "provider_model", path: path + ".provider_model")
            ?? (ref.vendor == provider ? String(id.dropFirst(provider.count + 1)) : id)
        let price = Price(base: try rates(table, path: path), tiers: try tiers(table, path: path),
                          perRequest: try decimal(table, "per_request", path: path, what: "a fee in dollars per request, e.g. 0.005"))
        let capabilities = try self.capabilities(table, "capabilities", path: path + ".capabilities")
        let deployment = Deployment(provider: provider.lowercased(), providerModel: providerModel, price: price,
                                    contextWindow: try positiveInt(table, "context", path: path),
                                    maxOutput: try positiveInt(table, "max_output", path: path),
                                    capabilities: capabilities,
                                    lacking: try self.capabilities(table, "lacks", path: path + ".lacks"))
        return CatalogModel(id: ref.id, name: try string(table, "name", path: path + ".name") ?? ref.id, deployments: [deployment])
    }

    /// A model's or a tier's rates; what is not written stays unknown.
    private func rates(_ table: TOMLTable, path: String) throws -> TokenRates {
        TokenRates(input: try perToken(table, "input_per_mtok", path: path),
                   output: try perToken(table, "output_per_mtok", path: path),
                   cacheRead: try perToken(table, "cache_read_per_mtok", path: path),
                   cacheWrite: try perToken(table, "cache_write_per_mtok", path: path),
                   cacheWrite1h: try perToken(table, "cache_write_1h_per_mtok", path: path),
                   reasoning: try perToken(table, "reasoning_per_mtok", path: path),
                   image: try decimal(table, "per_image", path: path, what: "a price in dollars per image, e.g. 0.001"))
    }

    private func tiers(_ table: TOMLTable, path: String) throws -> [PriceTier] {
        guard let list = table["tiers"] else { return [] }
        guard let array = list.array else { throw invalid(path + ".tiers", "must be an array of tables: [[models.tiers]]") }
        return try array.enumerated().map { index, item in
            let place = path + ".tiers.\(index)"
            guard let tier = item.table else { throw invalid(place, "must be a table") }
            try checkKeys(tier, allowed: Self.tierKeys, path: place)
            guard let above = try positiveInt(tier, "above", path: place) else {
                throw invalid(place + ".above", "every tier needs the prompt size it applies above, e.g. above = 200000")
            }
            return PriceTier(abovePromptTokens: above, rates: try rates(tier, path: place))
        }
    }

    // MARK: - Typed readers
}
