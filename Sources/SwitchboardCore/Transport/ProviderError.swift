import Foundation

/// One taxonomy for every provider failure: what happened, where, and what the provider said.
public struct ProviderError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case auth = "auth"                      // 401, 403
        case billing = "billing"                // 402, insufficient_quota: retrying will not help
        case rateLimited = "rate_limited"       // 429
        case overloaded = "overloaded"          // 529, 503
        case server = "server"                  // other 5xx
        case timeout = "timeout"                // connect, first token, or stall: see `phase`
        case contextLength = "context_length"   // the prompt does not fit the model's window
        case contentPolicy = "content_policy"   // refused by moderation
        case notFound = "not_found"             // the provider does not know the model
        case badRequest = "bad_request"         // other 4xx: our request is wrong
        case truncated = "truncated"            // the stream closed before its end marker
        case malformed = "malformed"            // the stream carried something we cannot parse
        case transport = "transport"            // connection refused, reset, DNS
    }

    public enum TimeoutPhase: String, Sendable, Codable {
        case connect, firstToken = "first_token", stall
    }

    public var kind: Kind
    public var provider: String
    public var status: Int?
    /// The provider's own message, with secrets redacted.
    public var message: String
    /// How long the provider asked us to wait (Retry-After, retry-after-ms, Gemini RetryInfo).
    public var retryAfter: Duration?
    public var phase: TimeoutPhase?

    public init(kind: Kind, provider: String, status: Int? = nil, message: String, retryAfter: Duration? = nil,
                phase: TimeoutPhase? = nil) {
        self.kind = kind
        self.provider = provider
        self.status = status
        self.message = Redactor.shared.redact(message)
        self.retryAfter = retryAfter
        self.phase = phase
    }

    /// Worth trying the same deployment again after a wait.
    public var isRetryable: Bool {
        switch kind {
        case .rateLimited, .overloaded, .server, .timeout, .transport, .truncated, .malformed: true
        case .auth, .billing, .contextLength, .contentPolicy, .notFound, .badRequest: false
        }
    }

    /// Worth moving to another deployment or model. A bad request or a refusal would fail there too.
    public var allowsFallback: Bool {
        switch kind {
        case .badRequest, .contentPolicy: false
        default: true
        }
    }

    public var description: String {
        var text = "\(provider): \(kind.rawValue.replacingOccurrences(of: "_", with: " "))"
        if let phase { text += " (\(phase.rawValue.replacingOccurrences(of: "_", with: " ")))" }
        if let status { text += ", HTTP \(status)" }
        if !message.isEmpty { text += ": \(message)" }
        return text
    }
}
