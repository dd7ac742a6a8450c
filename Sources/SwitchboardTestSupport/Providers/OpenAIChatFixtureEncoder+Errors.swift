import Foundation
import SwitchboardCore

/// Error responses as OpenAI and OpenRouter send them before a stream starts.
extension OpenAIChatFixtureEncoder {
    func errorResponse(_ failure: FixtureFailure, _ exchange: FixtureExchange) -> FixtureResponse {
        isOpenRouter ? openRouterError(failure, exchange) : openAIError(failure, exchange)
    }

    // MARK: - OpenAI

    /// Body `{"error":{"message","type","param","code"}}`, pretty-printed as OpenAI does.
    private func openAIError(_ failure: FixtureFailure, _ exchange: FixtureExchange) -> FixtureResponse {
        var headers = HTTPHeaders([("x-request-id", "req_" + FixtureEncoding.id(exchange.sequence, length: 32))])
        let status: Int
        let message: String
        var type = "invalid_request_error"
        var param: FixtureJSON = nil
        var code: FixtureJSON = nil
        switch failure {
        case .status(429, let retryAfter):
            status = 429
            let wait = retryAfter.map(FixtureEncoding.decimalSeconds) ?? "1.146"
            message = "Rate limit reached for \(exchange.model) in organization org-fixture on tokens per min (TPM): "
                + "Limit 200000, Used 199000, Requested 3006. Please try again in \(wait)s. "
                + "Visit https://platform.openai.com/account/rate-limits to learn more."
            type = "tokens"
            code = "rate_limit_exceeded"
            for (name, value) in Self.rateLimitHeaders(remainingRequests: 9_998, remainingTokens: 0) {
                headers.add(name, value)
            }
            if let retryAfter {
                headers.add("retry-after-ms", String(FixtureEncoding.milliseconds(retryAfter)))
                headers.add("retry-after", String(FixtureEncoding.wholeSeconds(retryAfter)))
            }
        case .status(let other, let retryAfter):
            status = other
            (message, type, code) = Self.openAIStatusText(other, model: exchange.model)
            if let retryAfter { headers.add("retry-after", FixtureEncoding.retryAfterValue(retryAfter)) }
        case .contextLength:
            status = 400
            message = "This model's maximum context length is 128000 tokens. However, your messages resulted in "
                + "130412 tokens. Please reduce the length of the messages."
            param = "messages"
            code = "context_length_exceeded"
        case .insufficientQuota:
            status = 429
            message = "You exceeded your current quota, please check your plan and billing details. For more "
                + "information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors."
            type = "insufficient_quota"
            code = "insufficient_quota"
        case .badKey:
            status = 401
            message = "Incorrect API key provided: \(Self.maskedKey(exchange.request)). You can find your API key "
                + "at https://platform.openai.com/account/api-keys."
            code = "invalid_api_key"
        case .invalidRequest(let text):
            status = 400
            message = text
        }
        let body: FixtureJSON = ["error": ["message": .string(message), "type": .string(type), "param": param,
                                           "code": code]]
        return .json(status: status, headers: headers, body: body.pretty(indent: 4))
    }

    private static func openAIStatusText(_ status: Int, model: String) -> (String, String, FixtureJSON) {
        switch status {
        case 401: ("You didn't provide an API key.", "invalid_request_error", nil)
        case 403: ("You are not allowed to sample from this model", "invalid_request_error", nil)
        case 404: ("The model `\(model)` does not exist or you do not have access to it.", "invalid_request_error",
                   "model_not_found")
        case 503: ("The engine is currently overloaded, please try again later", "server_error", nil)
        case 500...599: ("The server had an error while processing your request. Sorry about that!",
                         "server_error", nil)
        default: ("Request failed with status \(status).", "invalid_request_error", nil)
        }
    }

    /// The key as OpenAI echoes it: its first three and last four characters around stars.
    static func maskedKey(_ request: RecordedRequest) -> String {
        let header = request.headers["authorization"] ?? ""
        let key = header.hasPrefix("Bearer ") ? String(header.dropFirst("Bearer ".count)) : header
        guard key.count >= 8 else { return "" }
        return String(key.prefix(3)) + String(repeating: "*", count: 12) + String(key.suffix(4))
    }

    // MARK: - OpenRouter

    /// Body `{"error":{"code","message","metadata"},"user_id"}`; the HTTP status equals `code`.
    private func openRouterError(_ failure: FixtureFailure, _ exchange: FixtureExchange) -> FixtureResponse {
        var headers = HTTPHeaders()
        let status: Int
        let message: String
        var metadata: FixtureJSON?
        switch failure {
        case .status(let code, let retryAfter):
            status = code
            switch code {
            case 401: message = "No auth credentials found"
            case 402: message = "Insufficient credits. Add more using https://openrouter.ai/settings/credits"
            case 403: message = "Key limit exceeded"
            case 408: message = "Timed out"
            case 429:
                message = "Provider returned error"
                metadata = providerMetadata(exchange, raw: "\(exchange.model) is temporarily rate-limited upstream. "
                    + "Please retry shortly, or add your own key to accumulate your rate limits: "
                    + "https://openrouter.ai/settings/integrations")
            case 502:
                message = "Provider returned error"
                metadata = providerMetadata(exchange, raw: "{\"error\":{\"message\":\"The server had an error while "
                    + "processing your request. Sorry about that!\",\"type\":\"server_error\"}}")
            case 503: message = "No allowed providers are available for the selected model."
            default: message = "Internal Server Error"
            }
            if let retryAfter, code == 429 || code == 503 {
                headers.add("retry-after", FixtureEncoding.retryAfterValue(retryAfter))
            }
        case .contextLength:
            status = 400
            message = "This endpoint's maximum context length is 128000 tokens. However, you requested about "
                + "130412 tokens (126316 of text input, 4096 in the output). Please reduce the length of either one, "
                + "or use the \"middle-out\" transform to compress your prompt automatically."
            metadata = ["provider_name": nil]
        case .insufficientQuota:
            status = 402
            message = "Insufficient credits. Add more using https://openrouter.ai/settings/credits"
        case .badKey:
            status = 401
            message = "User not found."
        case .invalidRequest(let text):
            status = 400
            message = text
        }
        var error: [FixtureJSON.Member] = [.init("code", .int(status)), .init("message", .string(message))]
        if let metadata { error.append(.init("metadata", metadata)) }
        let body: FixtureJSON = ["error": .object(error), "user_id": "user_fixture"]
        return .json(status: status, headers: headers, body: body.compact)
    }

    private func providerMetadata(_ exchange: FixtureExchange, raw: String) -> FixtureJSON {
        ["raw": .string(raw), "provider_name": .string(exchange.upstreamProvider)]
    }
}
