import Foundation
import Hummingbird
import SwitchboardCore

/// A failure to answer, neutral of wire format: the HTTP status and the OpenAI-style `type` and `code` (each
/// endpoint writes it in its own shape). The message never carries a key: provider messages are redacted by
/// `ProviderError`, and a presented key is never echoed.
public struct GatewayError: Error, Sendable, Equatable {
    public var status: Int
    public var type: String
    public var code: String?
    public var message: String
    /// Seconds for `Retry-After` (429 and 503).
    public var retryAfterSeconds: Int?

    public init(status: Int, type: String, code: String? = nil, message: String, retryAfterSeconds: Int? = nil) {
        self.status = status
        self.type = type
        self.code = code
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
    }

    public static func badRequest(_ message: String, code: String? = nil) -> GatewayError {
        GatewayError(status: 400, type: "invalid_request_error", code: code, message: message)
    }

    public static func tooLarge(limitBytes: Int) -> GatewayError {
        GatewayError(status: 413, type: "invalid_request_error", code: "request_too_large",
                     message: "the request body is larger than the gateway's limit of \(limitBytes / 1_048_576) MiB (serve --max-body-mb)")
    }

    public static func notFound(path: String) -> GatewayError {
        GatewayError(status: 404, type: "invalid_request_error", code: "not_found", message: "no route for \(path)")
    }

    /// A refused credential: 401 (no or unknown key), 403 (not allowed), 429 (the key's rate).
    public static func denial(_ denial: GatewayDenial) -> GatewayError {
        switch denial.kind {
        case .unauthenticated:
            GatewayError(status: 401, type: "authentication_error", code: "invalid_api_key", message: denial.message)
        case .forbidden:
            GatewayError(status: 403, type: "permission_error", code: "forbidden", message: denial.message)
        case .rateLimited(let seconds):
            GatewayError(status: 429, type: "rate_limit_error", code: "rate_limit_exceeded", message: denial.message,
                         retryAfterSeconds: seconds)
        case .unavailable:
            GatewayError(status: 503, type: "server_error", code: "auth_unavailable", message: denial.message, retryAfterSeconds: 1)
        }
    }

    /// The model could not be routed: unknown (404, close matches in the message) or unusable (400/503).
    public static func routing(_ error: RoutingError) -> GatewayError {
        let message = error.description
        switch error {
        case .unknownModel:
            return GatewayError(status: 404, type: "invalid_request_error", code: "model_not_found", message: message)
        case .providerNotServing:
            return GatewayError(status: 404, type: "invalid_request_error", code: "model_not_found", message: message)
        case .invalidModel, .missingCapabilities:
            return .badRequest(message, code: "invalid_model")
        case .noAvailableProvider:
            return GatewayError(status: 503, type: "server_error", code: "no_provider_available", message: message)
        case .routeCycle:
            return GatewayError(status: 500, type: "server_error", code: "route_configuration", message: message)
        }
    }

    /// A turn that failed: the budget's refusal is 402; otherwise the last provider error decides (429 rate
    /// limited, 503 overloaded, 400/404 for what the client's request caused, 502 for the rest upstream). The
    /// message is the engine's summary: each provider, status and what was tried next.
    public static func failure(_ failure: TurnFailure) -> GatewayError {
        let message = failure.summary
        guard let last = failure.errors.last else {
            if failure.summary.hasPrefix(budgetRefusalPrefix) {
                return GatewayError(status: 402, type: "insufficient_quota", code: "budget_exceeded", message: message)
            }
            return GatewayError(status: 503, type: "server_error", code: "unavailable", message: message)
        }
        let wait = last.retryAfter.map { max(1, Int(($0.components.seconds)) + ($0.components.attoseconds > 0 ? 1 : 0)) }
        switch last.kind {
        case .rateLimited:
            return GatewayError(status: 429, type: "rate_limit_error", code: "upstream_rate_limited", message: message,
                                retryAfterSeconds: wait ?? 1)
        case .overloaded:
            return GatewayError(status: 503, type: "server_error", code: "upstream_overloaded", message: message,
                                retryAfterSeconds: wait)
        case .contextLength:
            return .badRequest(message, code: "context_length_exceeded")
        case .contentPolicy:
            return .badRequest(message, code: "content_filter")
        case .badRequest:
            return .badRequest(message, code: "upstream_bad_request")
        case .notFound:
            return GatewayError(status: 404, type: "invalid_request_error", code: "model_not_found", message: message)
        case .auth, .billing, .server, .timeout, .transport, .truncated, .malformed:
            return GatewayError(status: 502, type: "upstream_error", code: "upstream_" + last.kind.rawValue, message: message)
        }
    }

    /// An answer that began and did not end: stopped (client gone, shutdown) or broken upstream.
    public static func incomplete(_ summary: TurnSummary) -> GatewayError {
        let received = "after \(summary.text.count) characters"
        if summary.cancelled {
            return GatewayError(status: 503, type: "server_error", code: "cancelled",
                                message: "the answer was stopped \(received) (the gateway is shutting down or the request was cancelled); what arrived is recorded as cancelled")
        }
        let cause = summary.error.map { "\($0)" } ?? "the stream ended early"
        return GatewayError(status: 502, type: "upstream_error", code: "upstream_incomplete",
                            message: "\(summary.route.provider) broke off \(received): \(cause); what arrived is recorded as incomplete")
    }

    /// How the engine words a budget refusal (`BudgetStart`).
    static let budgetRefusalPrefix = "refused by budget"
}
