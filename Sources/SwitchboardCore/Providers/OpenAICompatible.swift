import Foundation

/// Every server that speaks OpenAI's Chat Completions: OpenRouter, Groq, Mistral, DeepSeek, Together, xAI,
/// Ollama, vLLM, llama.cpp, LM Studio.
///
/// The translation is `OpenAIChatAdapter`'s; request differences (output-limit field, `include_usage`, cost
/// reporting, how a reasoning setting is asked for) are `WireQuirks` data from `ProviderDirectory` or config.
/// Stream differences need no switch: thinking is read from `reasoning_content` (DeepSeek, vLLM, llama.cpp) or
/// `reasoning` (OpenRouter, Ollama, Groq), OpenRouter's signatures from `reasoning_details`, and tool calls sent
/// whole (Ollama) join like pieces; thinking left inline as `<think>…</think>` is split out by `ThinkTagDecoder`
/// where the quirks say a server may do that. What lives here is only what these servers do that OpenAI does
/// not: richer error bodies and usage reported in vendor fields.
public struct OpenAICompatibleAdapter: ProviderAdapter {
    private let chat = OpenAIChatAdapter(dialect: .compatible)

    public init() {}

    public func makeRequest(_ request: ChatRequest, model: String, endpoint: ProviderEndpoint) throws -> HTTPRequest {
        try chat.makeRequest(request, model: model, endpoint: endpoint)
    }

    /// For a server that may answer with its thinking inline (`WireQuirks.thinkTags`), the decoder is wrapped so
    /// a `<think>` block opening the answer comes out as thinking.
    public func makeDecoder(endpoint: ProviderEndpoint) -> any StreamDecoder {
        let decoder = chat.makeDecoder(endpoint: endpoint)
        return endpoint.quirks.thinkTags ? ThinkTagDecoder(wrapping: decoder) : decoder
    }

    public func error(status: Int, headers: HTTPHeaders, body: [UInt8], endpoint: ProviderEndpoint) -> ProviderError {
        chat.error(status: status, headers: headers, body: body, endpoint: endpoint)
    }
}

extension OpenAIChatDialect {
    static let compatible = OpenAIChatDialect(
        httpError: { provider, status, headers, body in
            CompatibleErrorBody.error(provider: provider, status: status, headers: headers, body: body)
        },
        streamError: { provider, payload in
            CompatibleErrorBody.error(provider: provider, status: nil, headers: HTTPHeaders(), body: payload)
        },
        extraUsage: GroqUsage.read)
}

/// Error bodies of compatible servers. Beyond the shapes `ProviderErrorMapping` reads (vLLM's
/// `{"object":"error"}`, Ollama's `{"error":"text"}`), OpenRouter wraps the upstream's failure in
/// `error.metadata`: `provider_name` and `raw` (the upstream body, often JSON in a string), or for moderation
/// `reasons` and `flagged_input`. Its `error.code` repeats the HTTP status.
enum CompatibleErrorBody {
    /// `status` is nil for an error inside a 200 stream.
    static func error(provider: String, status: Int?, headers: HTTPHeaders, body: [UInt8]) -> ProviderError {
        let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        guard let object, let details = ProviderErrorMapping.details(fromJSON: object) else {
            if let status {
                return ProviderErrorMapping.makeError(provider: provider, status: status, headers: headers, body: body)
            }
            return ProviderError(kind: .server, provider: provider,
                                 message: "error in stream: " + ProviderErrorMapping.plainMessage(body))
        }

        var kind: ProviderError.Kind
        if let status {
            kind = ProviderErrorMapping.kind(forStatus: status)
            kind = ProviderErrorMapping.refine(kind: kind, code: details.code, type: details.type,
                                               message: details.message)
        } else {
            kind = ProviderErrorMapping.makeStreamError(provider: provider, details: details).kind
        }
        var message = details.message ?? "error without a message"

        let metadata = (object["error"] as? [String: Any])?["metadata"] as? [String: Any]
        if let metadata {
            if let reasons = metadata["reasons"] as? [String] {
                kind = .contentPolicy
                if !reasons.isEmpty { message += " (flagged: \(reasons.joined(separator: ", ")))" }
            } else if metadata["flagged_input"] != nil {
                kind = .contentPolicy
            }
            if let upstream = upstreamDetails(metadata["raw"]) {
                // The upstream's own words say more than OpenRouter's "Provider returned error".
                kind = ProviderErrorMapping.refine(kind: kind, code: upstream.code, type: upstream.type,
                                                   message: upstream.message)
                if let upstreamMessage = upstream.message, !upstreamMessage.isEmpty { message += ": " + upstreamMessage }
            }
            if let name = metadata["provider_name"] as? String, !name.isEmpty { message += " [upstream: \(name)]" }
        }
        return ProviderError(kind: kind, provider: provider, status: status, message: message,
                             retryAfter: ProviderErrorMapping.retryAfter(headers))
    }

    /// `metadata.raw` may be the upstream's JSON error as a string, as an object, or plain text.
    private static func upstreamDetails(_ raw: Any?) -> ProviderErrorMapping.Details? {
        switch raw {
        case let object as [String: Any]:
            return ProviderErrorMapping.details(fromJSON: object)
        case let text as String where !text.isEmpty:
            return ProviderErrorMapping.details(fromBody: Array(text.utf8))
                ?? ProviderErrorMapping.Details(message: ProviderErrorMapping.clean(text, limit: ProviderErrorMapping.plainLimit))
        default:
            return nil
        }
    }
}

/// Groq puts usage in `x_groq.usage` on its final chunk; read it when the standard `usage` is absent.
enum GroqUsage {
    private struct Chunk: Decodable {
        struct Extension: Decodable { var usage: OpenAIWireUsage? }
        var x_groq: Extension?
    }

    private static let marker = Array("x_groq".utf8)

    @Sendable static func read(_ payload: [UInt8]) -> Usage? {
        // Cheap byte check first: only Groq's chunks carry the field.
        guard contains(payload, marker) else { return nil }
        return (try? JSONDecoder().decode(Chunk.self, from: Data(payload)))?.x_groq?.usage?.normalised
    }

    private static func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
        guard bytes.count >= needle.count, let first = needle.first else { return false }
        var index = 0
        while index <= bytes.count - needle.count {
            if bytes[index] == first && bytes[index..<index + needle.count].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}
