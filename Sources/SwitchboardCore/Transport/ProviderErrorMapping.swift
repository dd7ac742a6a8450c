import Foundation

/// Shared, provider-neutral rules for turning an error response into a `ProviderError`: the status code's
/// default kind, the server's wait hint, the message and code inside the common JSON error bodies, and the
/// finer kind those codes and messages reveal. Adapters add only what is specific to their protocol.
public enum ProviderErrorMapping {
    /// What a JSON error body said, whatever its shape.
    public struct Details: Sendable, Equatable {
        public var message: String?
        /// `error.code` as text (`rate_limit_exceeded`, or `429` when a server puts the status there).
        public var code: String?
        /// `error.type` or Google's `error.status` (`insufficient_quota`, `overloaded_error`, `UNAVAILABLE`).
        public var type: String?

        public init(message: String? = nil, code: String? = nil, type: String? = nil) {
            self.message = message
            self.code = code
            self.type = type
        }

        /// The code when it is a number in the HTTP error range (OpenRouter and Gemini echo the status there).
        public var numericStatus: Int? {
            guard let code, let value = Int(code), (400...599).contains(value) else { return nil }
            return value
        }
    }

    // MARK: - Status

    public static func kind(forStatus status: Int) -> ProviderError.Kind {
        switch status {
        case 401, 403: .auth
        case 402: .billing
        case 404: .notFound
        case 408: .timeout
        case 413: .contextLength
        case 429: .rateLimited
        case 503, 529: .overloaded
        case 500...599: .server
        default: .badRequest
        }
    }

    // MARK: - Retry hint

    /// The wait the server asked for: `retry-after-ms`, else `retry-after` as seconds or an HTTP date.
    /// Honoured only when 0 < wait <= 120 s, like the official SDKs; anything else gives nil.
    public static func retryAfter(_ headers: HTTPHeaders, now: Date = Date()) -> Duration? {
        var seconds: Double?
        if let text = headers["retry-after-ms"], let milliseconds = Double(text.trimmingCharacters(in: .whitespaces)) {
            seconds = milliseconds / 1000
        } else if let text = headers["retry-after"]?.trimmingCharacters(in: .whitespaces) {
            if let value = Double(text) {
                seconds = value
            } else if let date = httpDate(text) {
                seconds = date.timeIntervalSince(now)
            }
        }
        guard let seconds, seconds.isFinite, seconds > 0, seconds <= maximumHonouredWait else { return nil }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    static let maximumHonouredWait: Double = 120

    private static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        // IMF-fixdate, then the obsolete RFC 850 and asctime forms the HTTP spec still asks readers to accept.
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }

    // MARK: - Whole responses

    /// The error for a non-2xx response: status kind, refined by the body, with the body's message and the
    /// server's wait hint.
    public static func makeError(provider: String, status: Int, headers: HTTPHeaders, body: [UInt8]) -> ProviderError {
        let parsed = details(fromBody: body)
        var found = kind(forStatus: status)
        if let parsed {
            found = refine(kind: found, code: parsed.code, type: parsed.type, message: parsed.message)
        }
        return ProviderError(kind: found, provider: provider, status: status,
                             message: parsed?.message ?? plainMessage(body), retryAfter: retryAfter(headers))
    }

    /// The error for a failure reported inside a stream that began with HTTP 200. A numeric code in the error
    /// range stands in for the status; otherwise the stream broke on the provider's side, so `.server`.
    public static func makeStreamError(provider: String, details: Details) -> ProviderError {
        let base = details.numericStatus.map { kind(forStatus: $0) } ?? .server
        let refined = refine(kind: base, code: details.code, type: details.type, message: details.message)
        return ProviderError(kind: refined, provider: provider, message: details.message ?? "error in stream")
    }

    // MARK: - Bodies

    /// Reads the common JSON error shapes: `{"error":{"message","type","code"}}`, `{"error":"text"}`,
    /// `{"object":"error","message",...}` (vLLM) and `{"type":"error","error":{"type","message"}}`
    /// (Anthropic). Nil when the body is not JSON or has none of them.
    public static func details(fromBody body: [UInt8]) -> Details? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else { return nil }
        return details(fromJSON: object)
    }

    /// The same, for a body already parsed with JSONSerialization.
    public static func details(fromJSON object: [String: Any]) -> Details? {
        if let error = object["error"] as? [String: Any] {
            return Details(message: (error["message"] as? String).map { clean($0, limit: messageLimit) },
                           code: text(error["code"]),
                           type: text(error["type"]) ?? text(error["status"]))
        }
        if let message = object["error"] as? String {
            return Details(message: clean(message, limit: messageLimit))
        }
        if text(object["object"]) == "error" || text(object["type"]) == "error" {
            return Details(message: (object["message"] as? String).map { clean($0, limit: messageLimit) },
                           code: text(object["code"]),
                           type: object["object"] == nil ? nil : text(object["type"]))
        }
        return nil
    }

    /// A short, readable message from a body that is not a JSON error (an HTML page from a proxy).
    public static func plainMessage(_ body: [UInt8]) -> String {
        let text = clean(String(decoding: body, as: UTF8.self), limit: plainLimit)
        return text.isEmpty ? "empty response body" : text
    }

    /// Collapses runs of whitespace to one space and cuts to `limit` characters.
    public static func clean(_ text: String, limit: Int) -> String {
        let words = text.split(whereSeparator: { $0.isWhitespace || $0.isNewline })
        let joined = words.joined(separator: " ")
        guard joined.count > limit else { return joined }
        return String(joined.prefix(limit)) + "…"
    }

    static let plainLimit = 200
    static let messageLimit = 1000

    private static func text(_ value: Any?) -> String? {
        switch value {
        case let string as String: string
        case let number as NSNumber: number.stringValue
        default: nil
        }
    }

    // MARK: - Refinement

    /// Sharpens a status-derived kind with what the body says. The body wins where it is specific: a 429
    /// with `insufficient_quota` is billing (retrying will not help), a 400 about the context window is
    /// `.contextLength`.
    public static func refine(kind: ProviderError.Kind, code: String?, type: String?,
                              message: String?) -> ProviderError.Kind {
        let labels = [code, type].compactMap { $0?.lowercased() }
        let text = message?.lowercased() ?? ""
        if labels.contains("insufficient_quota") { return .billing }
        if labels.contains("context_length_exceeded") || contextPhrases.contains(where: text.contains) {
            return .contextLength
        }
        if labels.contains(where: contentPolicyLabels.contains) || text.contains("moderation") {
            return .contentPolicy
        }
        if labels.contains("rate_limit_exceeded") { return .rateLimited }
        if labels.contains("overloaded_error") || text.contains("overloaded") { return .overloaded }
        for label in labels {
            if let mapped = labelKinds[label] { return mapped }
        }
        return kind
    }

    private static let contextPhrases = [
        "maximum context length", "prompt is too long", "exceeds the maximum number of tokens",
        "context_length_exceeded", "context window",
    ]

    private static let contentPolicyLabels: Set<String> = ["content_filter", "content_policy_violation", "moderation"]

    /// Error types that name a kind on their own: Anthropic's `*_error` types and Google's RPC statuses. Used
    /// mainly for errors inside a stream, which carry no HTTP status of their own.
    private static let labelKinds: [String: ProviderError.Kind] = [
        "authentication_error": .auth, "permission_error": .auth,
        "unauthenticated": .auth, "permission_denied": .auth,
        "billing_error": .billing,
        "not_found_error": .notFound, "not_found": .notFound,
        "rate_limit_error": .rateLimited, "resource_exhausted": .rateLimited,
        "unavailable": .overloaded,
        "timeout_error": .timeout, "deadline_exceeded": .timeout,
        "request_too_large": .contextLength,
        "api_error": .server, "internal": .server, "server_error": .server,
        "invalid_argument": .badRequest, "failed_precondition": .badRequest,
    ]
}
