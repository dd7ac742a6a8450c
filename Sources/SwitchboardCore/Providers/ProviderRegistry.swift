import Foundation

/// The providers this run can use, resolved from the directory, config and environment, with the reason each
/// unusable one is unusable ("set ANTHROPIC_API_KEY").
public struct ProviderRegistry: Sendable {
    public private(set) var endpoints: [String: ProviderEndpoint]
    /// Provider name -> what a person must do to use it.
    public private(set) var unavailable: [String: String]
    /// Providers whose key a `key_cmd` prints when first needed; their endpoints carry the placeholder.
    public private(set) var deferredKeys: [DeferredKey]

    public init(endpoints: [ProviderEndpoint], unavailable: [String: String] = [:], deferredKeys: [DeferredKey] = []) {
        self.endpoints = Dictionary(endpoints.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        self.unavailable = unavailable
        self.deferredKeys = deferredKeys
    }

    public func endpoint(_ provider: String) -> ProviderEndpoint? { endpoints[provider] }
    public func isAvailable(_ provider: String) -> Bool { endpoints[provider] != nil }

    /// Real (non-demo) providers that are ready to use.
    public var realProviders: [String] { endpoints.values.filter { $0.wire != .demo }.map(\.name).sorted() }

    /// Builds the registry. A key comes from the environment, else from the provider's `key_cmd` (run later, when
    /// first needed), else from `api_key` in the config file; each found key is registered with the redactor so
    /// it can never leak into a message.
    public static func resolve(configuration: Configuration, environment: [String: String],
                               redactor: Redactor = .shared) throws -> ProviderRegistry {
        var endpoints: [ProviderEndpoint] = []
        var unavailable: [String: String] = [:]
        var deferred: [DeferredKey] = []
        /// The environment's key, else a placeholder for the key command's, else the file's.
        func key(_ settings: ProviderSettings, provider: String, fromEnvironment: String?) -> String? {
            if let fromEnvironment { return fromEnvironment }
            if let command = settings.keyCommand {
                let pending = DeferredKey(provider: provider, command: command)
                deferred.append(pending)
                return pending.placeholder
            }
            return settings.apiKey
        }
        let known = ProviderDirectory.all
        let custom = configuration.providers.keys.filter { ProviderDirectory.provider(named: $0) == nil }.sorted()

        for provider in known {
            let settings = configuration.providers[provider.name] ?? ProviderSettings()
            if settings.enabled == false {
                unavailable[provider.name] = "disabled in config"
                continue
            }
            let keyVariables = settings.keyEnvironment.map { [$0] } ?? provider.keyEnvironment
            let key = key(settings, provider: provider.name,
                          fromEnvironment: keyVariables.lazy.compactMap { environment[$0] }.first { !$0.isEmpty })
            // A local server is only assumed to be there when the user points at it.
            let localConfigured = settings.baseURL != nil || settings.enabled == true
                || provider.baseURLEnvironment.flatMap { environment[$0] } != nil
            if provider.requiresKey, key == nil {
                unavailable[provider.name] = "set " + keyVariables.joined(separator: " or ")
                continue
            }
            if !provider.requiresKey, provider.wire != .demo, !localConfigured {
                unavailable[provider.name] = "set \(provider.baseURLEnvironment ?? "its base_url") or enable it in config"
                continue
            }
            let base = settings.baseURL ?? provider.baseURLEnvironment.flatMap { environment[$0] }.map {
                normaliseBaseURL($0, for: provider.name)
            } ?? provider.defaultBaseURL
            guard let url = URL(string: base), url.scheme != nil else {
                throw ConfigurationError.invalidValue(file: configuration.sourcePath, line: nil,
                                                      key: "providers.\(provider.name).base_url",
                                                      message: "'\(base)' is not a URL")
            }
            if let key { redactor.register(key) }
            var headers = HTTPHeaders(provider.extraHeaders.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
            for (name, value) in settings.headers.sorted(by: { $0.key < $1.key }) { headers.set(name, value) }
            var endpoint = ProviderEndpoint(name: provider.name, wire: provider.wire, baseURL: url, apiKey: key,
                                            extraHeaders: headers, quirks: provider.quirks)
            if let thinkTags = settings.thinkTags { endpoint.quirks.thinkTags = thinkTags }
            endpoint.promptCaching = configuration.promptCaching
            endpoints.append(endpoint)
        }

        for name in custom {
            guard let settings = configuration.providers[name], settings.enabled != false else { continue }
            guard let base = settings.baseURL, let url = URL(string: base), url.scheme != nil else {
                throw ConfigurationError.invalidValue(file: configuration.sourcePath, line: nil,
                                                      key: "providers.\(name).base_url",
                                                      message: "a provider Switchboard does not know needs a base_url, e.g. http://127.0.0.1:8000/v1")
            }
            let key = key(settings, provider: name,
                          fromEnvironment: settings.keyEnvironment.flatMap { environment[$0] }.flatMap { $0.isEmpty ? nil : $0 })
            if let key { redactor.register(key) }
            let headers = HTTPHeaders(settings.headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
            // A server Switchboard does not know is most often vLLM, llama.cpp or LM Studio serving an open model,
            // which answers with its thinking inline (`<think>…</think>`) when no reasoning parser is set up.
            var endpoint = ProviderEndpoint(name: name, wire: settings.wire ?? .openAICompatible, baseURL: url,
                                            apiKey: key, extraHeaders: headers,
                                            quirks: WireQuirks(thinkTags: settings.thinkTags ?? true))
            endpoint.promptCaching = configuration.promptCaching
            endpoints.append(endpoint)
        }
        return ProviderRegistry(endpoints: endpoints, unavailable: unavailable, deferredKeys: deferred)
    }

    /// Applies each SDK's convention: `OLLAMA_HOST` is `host:port` (no scheme, no /v1).
    static func normaliseBaseURL(_ value: String, for provider: String) -> String {
        guard provider == "ollama" else { return value }
        var base = value.contains("://") ? value : "http://" + value
        while base.hasSuffix("/") { base.removeLast() }
        return base.hasSuffix("/v1") ? base : base + "/v1"
    }
}
