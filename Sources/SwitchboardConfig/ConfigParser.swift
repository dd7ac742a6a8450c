import Foundation
import SwitchboardCore
import TOMLKit

/// Turns a parsed TOML table into a checked `Configuration`. Unknown keys are errors (with the closest known
/// key), so a typo never silently does nothing.
struct ConfigParser {
    let file: String
    let locator: KeyLocator

    static let topLevelKeys = ["default_model", "providers", "aliases", "models", "timeouts", "retry"]
    static let providerKeys = ["base_url", "key_env", "api_key", "headers", "enabled", "wire"]
    static let modelKeys = ["id", "name", "provider", "provider_model", "input_per_mtok", "output_per_mtok",
                            "cache_read_per_mtok", "cache_write_per_mtok", "context", "max_output", "capabilities"]
    static let timeoutKeys = ["connect_seconds", "first_token_seconds", "stall_seconds"]
    static let retryKeys = ["max_attempts_per_model", "max_attempts_per_turn", "max_wait_seconds"]

    func configuration(from table: TOMLTable) throws -> Configuration {
        try checkKeys(table, allowed: Self.topLevelKeys, path: "")
        var configuration = Configuration(sourcePath: file)
        configuration.defaultModel = try string(table, "default_model", path: "default_model")
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
                configuration.models.append(try self.model(model, path: "models.\(index)"))
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
        return configuration
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
        if let enabled = table["enabled"] {
            guard let flag = enabled.bool else { throw invalid(path + ".enabled", "must be true or false") }
            settings.enabled = flag
        }
        if let wire = try string(table, "wire", path: path + ".wire") {
            guard let value = WireProtocol(rawValue: wire), value != .demo else {
                throw invalid(path + ".wire", "'\(wire)' is not one of openai, openai-compatible, anthropic, gemini")
            }
            settings.wire = value
        }
        if let headers = try subtable(table, "headers", path: path + ".headers") {
            for name in headers.keys {
                guard let value = headers[name]?.string else { throw invalid(path + ".headers.\(name)", "must be a string") }
                settings.headers[name] = value
            }
        }
        return settings
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
        let price = Price(input: try perToken(table, "input_per_mtok", path: path),
                          output: try perToken(table, "output_per_mtok", path: path),
                          cacheRead: try perToken(table, "cache_read_per_mtok", path: path),
                          cacheWrite: try perToken(table, "cache_write_per_mtok", path: path))
        var capabilities: Set<Capability> = []
        if let list = table["capabilities"] {
            guard let array = list.array else { throw invalid(path + ".capabilities", "must be an array of strings") }
            for item in array {
                guard let name = item.string, let capability = Capability(rawValue: name) else {
                    let known = Capability.allCases.map(\.rawValue).joined(separator: ", ")
                    throw invalid(path + ".capabilities", "'\(item.string ?? "?")' is not one of \(known)")
                }
                capabilities.insert(capability)
            }
        }
        let deployment = Deployment(provider: provider.lowercased(), providerModel: providerModel, price: price,
                                    contextWindow: try positiveInt(table, "context", path: path),
                                    maxOutput: try positiveInt(table, "max_output", path: path),
                                    capabilities: capabilities)
        return CatalogModel(id: ref.id, name: try string(table, "name", path: path + ".name") ?? ref.id, deployments: [deployment])
    }

    // MARK: - Typed readers

    private func string(_ table: TOMLTable, _ key: String, path: String) throws -> String? {
        guard let value = table[key] else { return nil }
        guard let string = value.string else { throw invalid(path, "must be a string") }
        return string
    }

    private func subtable(_ table: TOMLTable, _ key: String, path: String) throws -> TOMLTable? {
        guard let value = table[key] else { return nil }
        guard let subtable = value.table else { throw invalid(path, "must be a table: [\(path)]") }
        return subtable
    }

    private func positiveInt(_ table: TOMLTable, _ key: String, path: String) throws -> Int? {
        guard let value = table[key] else { return nil }
        guard let number = value.int, number > 0 else { throw invalid(path + "." + key, "must be a whole number above 0") }
        return number
    }

    private func positiveSeconds(_ table: TOMLTable, _ key: String, path: String) throws -> Duration? {
        guard let value = table[key] else { return nil }
        let seconds = value.double ?? value.int.map(Double.init)
        guard let seconds, seconds > 0, seconds <= 3600 else {
            throw invalid(path + "." + key, "must be a number of seconds between 0 and 3600")
        }
        return .milliseconds(Int((seconds * 1000).rounded()))
    }

    /// Dollars per million tokens, written as a number or a string, to an exact per-token Decimal.
    private func perToken(_ table: TOMLTable, _ key: String, path: String) throws -> Decimal? {
        guard let value = table[key] else { return nil }
        let text = value.string ?? value.int.map(String.init) ?? value.double.map { "\($0)" }
        guard let text, let dollars = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), dollars >= 0 else {
            throw invalid(path + "." + key, "must be a price in dollars per million tokens, e.g. 0.15")
        }
        return dollars / 1_000_000
    }

    private func modelRef(_ text: String, path: String) throws -> ModelRef {
        do { return try ModelRef(parsing: text) } catch { throw invalid(path, "\(error)") }
    }

    private func checkKeys(_ table: TOMLTable, allowed: [String], path: String) throws {
        for key in table.keys where !allowed.contains(key) {
            let full = path.isEmpty ? key : path + "." + key
            let suggestion = allowed.min { EditDistance.between(key, $0) < EditDistance.between(key, $1) }
                .flatMap { EditDistance.between(key, $0) <= max(2, key.count / 3) ? $0 : nil }
            throw ConfigurationError.unknownKey(file: file, line: locator.line(of: full), key: full, suggestion: suggestion)
        }
    }

    private func invalid(_ path: String, _ message: String) -> ConfigurationError {
        .invalidValue(file: file, line: locator.line(of: path), key: path, message: message)
    }
}
