import Foundation
import HTTPTypes
import Hummingbird
import Logging
import SwitchboardCore

/// `POST /v1/messages` and `POST /v1/messages/count_tokens`: the route glue. The wire translation lives in
/// AnthropicRequestDecoder, AnthropicStreamEncoder, AnthropicMessageEncoder and AnthropicErrorEncoder.
/// Credentials come as `x-api-key` or `Authorization: Bearer` (both reach the one authenticator);
/// `anthropic-version` and `anthropic-beta` are accepted and not needed: the turn goes wherever it is routed.
struct AnthropicMessagesEndpoint: GatewayEndpoint {
    func register(on router: Router<GatewayRequestContext>, gateway: GatewayContext) {
        router.post("/v1/messages") { request, context -> Response in
            await AnthropicMessagesRoute(gateway: gateway, logger: context.logger).respond(to: request, context: context)
        }
        router.post("/v1/messages/count_tokens") { request, context -> Response in
            await AnthropicMessagesRoute(gateway: gateway, logger: context.logger).countTokens(request)
        }
    }
}

struct AnthropicMessagesRoute: Sendable {
    let gateway: GatewayContext
    let logger: Logger

    static let endpoint = "messages"
    static let countEndpoint = "count_tokens"

    /// Answers and counts the request in `/metrics` (its status, and its error class when it failed).
    func respond(to request: Request, context: GatewayRequestContext) async -> Response {
        let answer = await answer(request, context: context)
        gateway.metrics.request(endpoint: Self.endpoint, status: answer.response.status.code, errorClass: answer.errorClass)
        return answer.response
    }

    private func answer(_ request: Request, context: GatewayRequestContext) async -> InboundTurnResponder.Answer {
        let wire = AnthropicWire()
        return await InboundTurnResponder.answer(request, context: context, gateway: gateway, endpoint: Self.endpoint,
                                                 logger: logger, errorResponse: wire.errorResponse) { bytes throws(GatewayError) in
            InboundTurnResponder.Prepared(turn: Self.inbound(try AnthropicRequestDecoder.decode(bytes), headers: request.headers),
                                          wire: wire)
        }
    }

    /// The prompt counted for the model the request would be routed to (resolved as a turn's would be, so an
    /// unknown model is a 404), `x-switchboard-estimated` saying whether the count is exact.
    func countTokens(_ request: Request) async -> Response {
        let response = await count(request)
        gateway.metrics.request(endpoint: Self.countEndpoint, status: response.status.code)
        return response
    }

    private func count(_ request: Request) async -> Response {
        let wire = AnthropicWire()
        let requestID = RandomUUID.make()
        var headers = GatewayRouteFacts(requestID: requestID).headers()
        let caller: GatewayCaller
        switch await gateway.authorize(request) {
        case .success(let known): caller = known
        case .failure(let denial): return wire.errorResponse(.denial(denial), headers: headers)
        }
        do {
            let bytes = try await GatewayTurnStart.body(request, limit: gateway.limits.maxBodyBytes)
            let decoded = try AnthropicRequestDecoder.decode(bytes, counting: true)
            let prepared = try await gateway.prepare(Self.inbound(decoded, headers: request.headers), caller: caller,
                                                     id: requestID)
            let target = prepared.decision.candidates.first
            let model = target?.model ?? prepared.turn.model.id
            let count = CountTokensAnswer.count(decoded, model: model, provider: target?.deployment.provider)
            headers[GatewayHeaders.name(CountTokensAnswer.estimatedHeader)] = count.isExact ? "false" : "true"
            headers[GatewayHeaders.model] = model
            return GatewayResponse.json(status: .ok, body: try CountTokensAnswer.body(count), headers: headers)
        } catch let error as GatewayError {
            return wire.errorResponse(error, headers: headers)
        } catch {
            return wire.errorResponse(GatewayError(status: 500, type: "server_error", message: "\(error)"), headers: headers)
        }
    }

    static func inbound(_ decoded: AnthropicMessagesRequest, headers: HTTPFields) -> InboundTurn {
        InboundTurn(model: decoded.model, messages: decoded.messages, maxTokens: decoded.maxTokens,
                    temperature: decoded.temperature, options: decoded.options, stream: decoded.stream,
                    tags: GatewayTags.extract(headerValues: tagHeaders(headers), metadata: decoded.metadata),
                    conversation: GatewaySessionID.fromBody(metadata: decoded.metadata))
    }

    /// Every `X-Switchboard-Tag` header's value (it may repeat).
    static func tagHeaders(_ headers: HTTPFields) -> [String] {
        guard let name = HTTPField.Name(GatewayTags.header) else { return [] }
        return headers[values: name]
    }
}

/// Anthropic's answers for the shared turn glue.
struct AnthropicWire: InboundWire {
    func errorResponse(_ error: GatewayError, headers: HTTPFields) -> Response {
        let mapped = AnthropicErrorEncoder.map(error)
        var fields = headers
        if let seconds = error.retryAfterSeconds { fields[.retryAfter] = String(seconds) }
        return GatewayResponse.json(status: .init(code: mapped.status),
                                    body: AnthropicErrorEncoder.body(type: mapped.type, message: error.message),
                                    headers: fields)
    }

    func body(_ summary: TurnSummary, run: GatewayTurnRun) throws -> [UInt8] {
        try AnthropicMessageEncoder.message(summary, id: Self.messageID(run.id))
    }

    func streamEncoder(run: GatewayTurnRun) -> AnthropicStreamEncoder {
        AnthropicStreamEncoder(messageID: Self.messageID(run.id), requestedModel: run.prepared.requestedModel)
    }

    /// `msg_` and the gateway's request id, so a message can be looked up by it.
    static func messageID(_ id: UUID) -> String {
        "msg_" + id.uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }
}
