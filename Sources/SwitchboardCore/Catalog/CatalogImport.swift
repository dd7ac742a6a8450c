import Foundation

/// Loads a catalog file of any format Switchboard reads, telling the formats apart by their shape:
/// LiteLLM's price JSON, OpenRouter's `/models` JSON, or Switchboard's own compact catalog text.
/// Used by `switchboard models import FILE`; the result goes through `ModelCatalog.merging(_:)`.
public enum CatalogImport {
    public enum Format: String, Sendable, Hashable {
        case litellm, openrouter, switchboard
    }

    /// What a file turned out to be, and the models it holds.
    public struct Loaded: Sendable, Hashable {
        public var format: Format
        public var models: [CatalogModel]
    }

    /// Loads the file, leaving out what is retired as of today.
    public static func load(_ data: Data) throws -> [CatalogModel] {
        try load(data, options: .today).models
    }

    public static func load(_ data: Data, options: CatalogLoadOptions) throws -> Loaded {
        if data.starts(with: Data(CatalogCodec.header.utf8)) {
            guard let text = String(data: data, encoding: .utf8) else {
                throw CatalogImportError.unrecognised("it starts like a Switchboard catalog but is not UTF-8")
            }
            return Loaded(format: .switchboard, models: try CatalogCodec.decode(text))
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw CatalogImportError.unrecognised("it is not JSON (\(error)) and does not start with '\(CatalogCodec.header)'")
        }
        if OpenRouterCatalogLoader.recognises(object) {
            return Loaded(format: .openrouter, models: try OpenRouterCatalogLoader.models(from: object, options: options))
        }
        if LiteLLMCatalogLoader.recognises(object) {
            return Loaded(format: .litellm, models: try LiteLLMCatalogLoader.models(from: object, options: options))
        }
        throw CatalogImportError.unrecognised("it is JSON, but neither a \"data\" list of models nor entries with \"litellm_provider\"")
    }
}

public enum CatalogImportError: Error, Equatable, CustomStringConvertible {
    /// The loader for one format was handed something else.
    case wrongShape(format: String, expected: String)
    case notJSON(String)
    /// `CatalogImport` could not tell which format the file is.
    case unrecognised(String)

    public var description: String {
        switch self {
        case .wrongShape(let format, let expected):
            "not a \(format): expected \(expected)"
        case .notJSON(let reason):
            "not valid JSON: \(reason)"
        case .unrecognised(let reason):
            "unrecognised catalog file: \(reason). Expected LiteLLM's model_prices_and_context_window.json "
                + "(model name -> {litellm_provider, mode, input_cost_per_token, ...}), OpenRouter's "
                + "/api/v1/models response ({\"data\":[{\"id\", \"pricing\", ...}]}), or a Switchboard catalog "
                + "starting with '\(CatalogCodec.header)'"
        }
    }
}

extension CatalogImportError {
    /// Parses a catalog file's JSON, or says that it is not JSON.
    static func jsonObject(_ data: Data) throws -> Any {
        do {
            return try JSONSerialization.jsonObject(with: data)
        } catch {
            throw CatalogImportError.notJSON(String(describing: error))
        }
    }
}
