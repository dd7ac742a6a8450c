import Foundation
import SwitchboardCore

/// The body of `GET /v1/switchboard/requests/{id}` (OpenRouter's `/generation` idea): `{"data": {...}}` with the
/// stored route decision, every attempt (provider, model, status, error, tokens, cost, TTFT, duration) and the
/// total cost. Money is printed exactly as a JSON number and left null when unknown, never 0 for unknown.
enum RequestLookupJSON {
    static func body(_ request: StoredRequest) throws -> [UInt8] {
        try RequestJSON.object([(key: "data", value: try data(request))]).bytes()
    }

    static func data(_ request: StoredRequest) throws -> RequestJSON {
        var members: [(key: String, value: RequestJSON)] = [
            (key: "id", value: .string(request.id.uuidString.lowercased())),
            (key: "object", value: .string("switchboard.request")),
            (key: "created", value: request.createdAt.map { .int(Int($0.timeIntervalSince1970)) } ?? .null),
            (key: "session_id", value: request.sessionID.map { .string($0.uuidString.lowercased()) } ?? .null),
            (key: "key", value: request.keyName.map(RequestJSON.string) ?? .null),
            (key: "tags", value: .array(request.tags.map(RequestJSON.string))),
            (key: "status", value: request.status.map { .string($0.rawValue) } ?? .null),
            (key: "requested_model", value: request.requestedModel.map(RequestJSON.string) ?? .null),
            (key: "model", value: request.resolvedModel.map(RequestJSON.string) ?? .null),
            (key: "provider", value: request.provider.map(RequestJSON.string) ?? .null),
            (key: "total_cost", value: try money(request.totalCost)),
            (key: "usage", value: usage(request.totalUsage)),
        ]
        members.append((key: "route", value: try route(request.route)))
        members.append((key: "attempts", value: .array(try request.attempts.map(attempt))))
        return .object(members)
    }

    static func attempt(_ attempt: AttemptRecord) throws -> RequestJSON {
        var error: RequestJSON = .null
        if case .failed(let kind, let afterFirstToken) = attempt.outcome {
            error = .object([
                (key: "type", value: .string(kind.rawValue)),
                (key: "message", value: attempt.errorMessage.map(RequestJSON.string) ?? .null),
                (key: "after_first_token", value: .bool(afterFirstToken)),
            ])
        }
        return .object([
            (key: "ordinal", value: .int(attempt.ordinal)),
            (key: "provider", value: .string(attempt.provider)),
            (key: "model", value: .string(attempt.model)),
            (key: "provider_model", value: .string(attempt.providerModel)),
            (key: "reason", value: .string(attempt.reason)),
            (key: "status", value: .string(attempt.outcome.label)),
            (key: "http_status", value: attempt.status.map(RequestJSON.int) ?? .null),
            (key: "error", value: error),
            (key: "started_at", value: .double(attempt.startedAt.timeIntervalSince1970)),
            (key: "ttft_ms", value: attempt.ttft.map { .int($0.milliseconds) } ?? .null),
            (key: "duration_ms", value: .int(attempt.duration.milliseconds)),
            (key: "usage", value: usage(attempt.usage)),
            (key: "cost", value: try money(attempt.cost)),
            (key: "reported_cost", value: try money(attempt.reportedCost)),
        ])
    }

    static func usage(_ usage: Usage) -> RequestJSON {
        .object([
            (key: "prompt_tokens", value: .int(usage.promptTotal)),
            (key: "completion_tokens", value: .int(usage.output)),
            (key: "cache_read_tokens", value: .int(usage.cacheRead)),
            (key: "cache_write_tokens", value: .int(usage.cacheWrite + usage.cacheWrite1h)),
            (key: "reasoning_tokens", value: .int(usage.reasoning)),
        ])
    }

    /// An exact decimal as a JSON number.
    static func money(_ money: Money?) throws -> RequestJSON {
        guard let money else { return .null }
        return .raw(try JSONText(money.decimalString))
    }

    /// The decision as `switchboard route --json` and the why window read it back.
    static func route(_ route: RouteExplanation?) throws -> RequestJSON {
        guard let route else { return .null }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return .raw(try JSONText(String(decoding: try encoder.encode(route), as: UTF8.self)))
    }
}
