import Foundation

/// Google's Gemini API: `POST {root}/v1beta/models/{model}:streamGenerateContent?alt=sse`. Each SSE `data:` is a
/// partial GenerateContentResponse; the last one carries `finishReason`, then the connection closes.
public struct GeminiAdapter: ProviderAdapter {
    public init() {}

    public func makeRequest(_ request: ChatRequest, model: String, endpoint: ProviderEndpoint) throws -> HTTPRequest {
        var headers = HTTPHeaders()
        if let key = endpoint.apiKey, !key.isEmpty { headers.add("x-goog-api-key", key) }
        headers.add("content-type", "application/json")
        headers.add("accept", "text/event-stream")
        return HTTPRequest(method: "POST", url: try GeminiAdapter.streamURL(model: model, endpoint: endpoint),
                           headers: headers.overridden(by: endpoint.extraHeaders),
                           body: try GeminiRequestBody.bytes(for: request, model: model, provider: endpoint.name))
    }

    public func makeDecoder(endpoint: ProviderEndpoint) -> any StreamDecoder {
        GeminiStreamDecoder(provider: endpoint.name)
    }

    /// `maxOutputTokens` plus the thinking budget (`GeminiRequestBody.outputLimit`).
    public func outputLimit(for request: ChatRequest) -> Int? { GeminiRequestBody.outputLimit(for: request) }

    public func error(status: Int, headers: HTTPHeaders, body: [UInt8], endpoint: ProviderEndpoint) -> ProviderError {
        GeminiErrors.error(status: status, headers: headers, body: body, provider: endpoint.name)
    }

    /// What the request leaves out of the history, in words for the why-trace or a notice: another vendor's
    /// thinking (and redacted thinking) is dropped, not turned into text (`GeminiContents`).
    public static func historyNotes(for request: ChatRequest) -> [String] {
        let foreign = request.messages.filter { $0.role == .assistant }.flatMap(\.reasoning).filter { !GeminiContents.isOwn($0) }
        guard !foreign.isEmpty else { return [] }
        let names = Set(foreign.map { $0.origin?.provider ?? "an unknown provider" }).sorted().joined(separator: ", ")
        return ["\(foreign.count) thinking block\(foreign.count == 1 ? "" : "s") from \(names) dropped: "
                + "Gemini accepts only its own thinking back"]
    }

    /// The model's bare name: the models listing calls it `models/gemini-2.5-flash`, the URL wants the id.
    static func bareModelName(_ model: String) -> String {
        model.hasPrefix("models/") ? String(model.dropFirst("models/".count)) : model
    }

    /// `{root}/v1beta/models/{model}:streamGenerateContent?alt=sse`; without `alt=sse` Gemini streams one JSON
    /// array instead of SSE events.
    static func streamURL(model: String, endpoint: ProviderEndpoint) throws -> URL {
        var root = endpoint.baseURL.absoluteString
        while root.hasSuffix("/") { root.removeLast() }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let name = bareModelName(model).addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
        guard !name.isEmpty,
              let url = URL(string: root + "/v1beta/models/" + name + ":streamGenerateContent?alt=sse") else {
            throw ProviderError(kind: .badRequest, provider: endpoint.name,
                                message: "cannot build a Gemini URL for model '\(model)' at \(root)")
        }
        return url
    }
}

/// Reads Gemini's stream: visible text from the first candidate's parts, thought summaries (`thought: true`) as
/// reasoning, `functionCall` parts (each whole, several per chunk possible) as tool calls, `thoughtSignature`s,
/// the last `usageMetadata`, `modelVersion`, and completion from `finishReason`.
///
/// Gemini gives calls no id (it matches results by name): each gets one made from the response id and its
/// position, unique in a conversation, so a result can answer it on any provider. A reply that made calls and
/// ended with `STOP` finishes as `tool_calls`, the word the engine and `ask --json` use for it.
public final class GeminiStreamDecoder: StreamDecoder {
    /// Finish reasons that mean the answer was withheld; with no text produced the turn is a refusal.
    static let blockingFinishReasons: Set<String> = ["SAFETY", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "RECITATION"]

    private let provider: String
    private var pump = SSEEventPump()
    private var lastUsage: Usage?
    private var sawModel = false
    private var producedText = false
    private var ended = false
    private var callCount = 0
    private var callPrefix: String?

    /// Off only in tests, which check the fast scan against Foundation on the same streams.
    private let fastScan: Bool
    /// What the last scanned chunks named, handed to the next scan so a repeat costs no allocation.
    private var lastModel: String?
    private var lastResponseID: String?

    public convenience init(provider: String) {
        self.init(provider: provider, fastScan: true)
    }

    init(provider: String, fastScan: Bool) {
        self.provider = provider
        self.fastScan = fastScan
    }

    public func consume(_ bytes: [UInt8]) throws -> [StreamEvent] {
        try pump.feed(bytes, handleEvent)
    }

    public func finish() throws -> [StreamEvent] {
        try pump.finish()
        guard ended else {
            throw ProviderError(kind: .truncated, provider: provider,
                                message: "the stream closed before a chunk with finishReason")
        }
        return []
    }

    private func handleEvent(_ sse: SSEEventBytes, into out: inout [StreamEvent]) throws {
        guard !ended && !sse.data.isEmpty else { return }
        try handle(sse.data, into: &out)
    }

    private func handle(_ data: UnsafeBufferPointer<UInt8>, into out: inout [StreamEvent]) throws {
        let chunk = try read(data)
        if chunk.error != nil {
            throw GeminiErrors.streamError(body: Array(data), provider: provider)
        }
        if let blocked = chunk.promptFeedback?.blockReason {
            throw ProviderError(kind: .contentPolicy, provider: provider, message: "prompt blocked: \(blocked)")
        }
        if !sawModel, let model = chunk.modelVersion, !model.isEmpty {
            sawModel = true
            out.append(.servedModel(model))
        }
        let candidate = chunk.candidates?.first
        for part in candidate?.content?.parts ?? [] {
            if let call = part.functionCall {
                producedText = true
                let prefix = callPrefix ?? Self.callPrefix(responseID: chunk.responseId)
                callPrefix = prefix
                let id = call.id.flatMap { $0.isEmpty ? nil : $0 } ?? "\(prefix)_\(callCount)"
                out.append(.toolCall(ToolCallDelta(index: callCount, id: id, name: call.name ?? "",
                                                   arguments: call.args?.text ?? "{}", signature: part.thoughtSignature)))
                callCount += 1
            } else if part.thought == true {
                let text = part.text ?? ""
                if !text.isEmpty || part.thoughtSignature != nil {
                    out.append(.reasoning(ReasoningDelta(text: text, signature: part.thoughtSignature)))
                }
            } else {
                if let text = part.text, !text.isEmpty {
                    producedText = true
                    out.append(.text(text))
                }
                // Gemini may sign a text part (often an empty one at the end): the signature is kept with the
                // reply's thinking and sent back with it.
                if let signature = part.thoughtSignature { out.append(.reasoning(ReasoningDelta(signature: signature))) }
            }
        }
        if let metadata = chunk.usageMetadata {
            let usage = metadata.normalised
            if usage != lastUsage {
                lastUsage = usage
                out.append(.usage(usage))
            }
        }
        if let reason = candidate?.finishReason {
            if !producedText && GeminiStreamDecoder.blockingFinishReasons.contains(reason) {
                throw ProviderError(kind: .contentPolicy, provider: provider,
                                    message: "the answer was blocked (finishReason \(reason))")
            }
            // The model wrote a call Gemini could not parse: nothing usable came of it, and another try
            // (or another model) usually succeeds, so it is a malformed reply rather than an answer.
            if reason == "MALFORMED_FUNCTION_CALL" {
                throw ProviderError(kind: .malformed, provider: provider,
                                    message: "the model wrote a function call Gemini could not parse (finishReason \(reason))")
            }
            ended = true
            out.append(.finished(reason: reason == "STOP" && callCount > 0 ? "tool_calls" : reason))
        }
    }

    /// `call_<responseId>` when the id is plain (letters, digits, `_`, `-`: what every vendor accepts in a call
    /// id), otherwise random.
    static func callPrefix(responseID: String?) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "_-"))
        if let responseID, !responseID.isEmpty, responseID.unicodeScalars.allSatisfy({ $0.isASCII && allowed.contains($0) }) {
            return "call_" + responseID
        }
        return "call_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(20).lowercased()
    }

    /// The fast scan for the plain chunks that make up nearly every stream; Foundation for anything else, so
    /// an unusual chunk reads exactly as it always did and a broken one is reported the same way.
    private func read(_ data: UnsafeBufferPointer<UInt8>) throws -> Wire.Chunk {
        if fastScan {
            do {
                let chunk = try Wire.Chunk.scan(data, previousModel: lastModel, previousResponseID: lastResponseID)
                if chunk.modelVersion != nil { lastModel = chunk.modelVersion }
                if chunk.responseId != nil { lastResponseID = chunk.responseId }
                return chunk
            } catch {
                // Not one the scan vouches for: Foundation decides.
            }
        }
        do {
            return try JSONDecoder().decode(Wire.Chunk.self, from: Data(data))
        } catch {
            let text = String(decoding: data, as: UTF8.self)
            throw ProviderError(kind: .malformed, provider: provider, message: "unreadable chunk: \(text.prefix(200))")
        }
    }

    /// The parts of a GenerateContentResponse this decoder reads; everything else is ignored.
    enum Wire {
        struct Chunk: Decodable {
            let candidates: [Candidate]?
            let usageMetadata: UsageMetadata?
            let modelVersion: String?
            let responseId: String?
            let promptFeedback: PromptFeedback?
            /// Only checked for presence; `GeminiErrors` reads the details.
            let error: Presence?
        }

        struct Presence: Decodable {
            init() {}
            init(from decoder: any Decoder) throws {}
        }

        struct Candidate: Decodable {
            let content: Content?
            let finishReason: String?
        }

        struct Content: Decodable {
            let parts: [Part]?
        }

        struct Part: Decodable {
            let text: String?
            let thought: Bool?
            let thoughtSignature: String?
            let functionCall: FunctionCall?

            init(text: String?, thought: Bool?, thoughtSignature: String? = nil, functionCall: FunctionCall? = nil) {
                self.text = text
                self.thought = thought
                self.thoughtSignature = thoughtSignature
                self.functionCall = functionCall
            }
        }

        struct FunctionCall: Decodable {
            let name: String?
            let id: String?
            let args: ArgumentsText?
        }

        struct PromptFeedback: Decodable {
            let blockReason: String?
        }

        struct UsageMetadata: Decodable {
            let promptTokenCount: Int?
            let candidatesTokenCount: Int?
            let thoughtsTokenCount: Int?
            let cachedContentTokenCount: Int?

            /// Gemini's prompt count includes cached tokens and its candidates count excludes thoughts; ours
            /// is the other way round on both.
            var normalised: Usage {
                let cached = cachedContentTokenCount ?? 0
                let thoughts = thoughtsTokenCount ?? 0
                return Usage(input: max(0, (promptTokenCount ?? 0) - cached),
                             output: (candidatesTokenCount ?? 0) + thoughts,
                             cacheRead: cached, reasoning: thoughts)
            }
        }
    }
}

/// Google's error body, `{"error":{"code","message","status","details":[...]}}`: the shared mapping reads the
/// status name; the wait hint lives in a RetryInfo detail instead of a header.
enum GeminiErrors {
    static func error(status: Int, headers: HTTPHeaders, body: [UInt8], provider: String) -> ProviderError {
        var error = ProviderErrorMapping.makeError(provider: provider, status: status, headers: headers, body: body)
        refine(&error, body: body)
        return error
    }

    /// `data: {"error":{...}}` after HTTP 200; its `code` stands in for the status.
    static func streamError(body: [UInt8], provider: String) -> ProviderError {
        let details = ProviderErrorMapping.details(fromBody: body) ?? ProviderErrorMapping.Details()
        var error = ProviderErrorMapping.makeStreamError(provider: provider, details: details)
        refine(&error, body: body)
        return error
    }

    private static func refine(_ error: inout ProviderError, body: [UInt8]) {
        let object = (try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])?["error"] as? [String: Any]
        let details = object?["details"] as? [[String: Any]] ?? []
        // A bad key comes back as 400 INVALID_ARGUMENT with reason API_KEY_INVALID.
        let reasons = details.compactMap { $0["reason"] as? String }
        if reasons.contains("API_KEY_INVALID") || error.message.lowercased().contains("api key not valid") {
            error.kind = .auth
        }
        if error.retryAfter == nil {
            let delays = details.filter { ($0["@type"] as? String)?.hasSuffix("google.rpc.RetryInfo") == true }
            error.retryAfter = delays.compactMap { ($0["retryDelay"] as? String).flatMap(duration) }.first
        }
    }

    /// A protobuf JSON duration ("46s", "1.5s") as a Duration; nil unless positive.
    static func duration(_ text: String) -> Duration? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasSuffix("s"), let seconds = Double(trimmed.dropLast()), seconds.isFinite, seconds > 0 else {
            return nil
        }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }
}
