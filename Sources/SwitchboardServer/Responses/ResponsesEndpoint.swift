import Foundation
import HTTPTypes
import Hummingbird
import Logging
import SwitchboardCore

/// `POST /v1/responses`: the route glue. The wire translation lives in ResponsesRequestDecoder,
/// ResponsesStreamEncoder and ResponsesObjectEncoder; errors are OpenAI's shape (`OpenAIChatErrors`), as the
/// Responses API writes them.
struct ResponsesEndpoint: GatewayEndpoint {
    func register(on router: Router<GatewayRequestContext>, gateway: GatewayContext) {
        router.post("/v1/responses") { request, context -> Response in
            await ResponsesRoute(gateway: gateway, logger: context.logger).respond(to: request, context: context)
        }
    }
}

struct ResponsesRoute: Sendable {
    let gateway: GatewayContext
    let logger: Logger

    static let endpoint = "responses"

    /// Answers and counts the request in `/metrics` (its status, and its error class when it failed).
    func respond(to request: Request, context: GatewayRequestContext) async -> Response {
        let answer = await answer(request, context: context)
        gateway.metrics.request(endpoint: Self.endpoint, status: answer.response.status.code, errorClass: answer.errorClass)
        return answer.response
    }

    private func answer(_ request: Request, context: GatewayRequestContext) async -> InboundTurnResponder.Answer {
        await InboundTurnResponder.answer(request, context: context, gateway: gateway, endpoint: Self.endpoint,
                                          logger: logger, errorResponse: OpenAIChatErrors.response) { bytes throws(GatewayError) in
            let decoded = try ResponsesRequestDecoder.decode(bytes)
            let inbound = InboundTurn(model: decoded.model, messages: decoded.messages, maxTokens: decoded.maxTokens,
                                      temperature: decoded.temperature, options: decoded.options, stream: decoded.stream,
                                      tags: GatewayTags.extract(headerValues: AnthropicMessagesRoute.tagHeaders(request.headers),
                                                                metadata: decoded.metadata),
                                      conversation: GatewaySessionID.fromBody(metadata: decoded.metadata, promptCacheKey: decoded.promptCacheKey,
                                                                              user: decoded.user))
            let wire = ResponsesWire(echo: ResponsesEcho(decoded), createdAt: Int(Date().timeIntervalSince1970))
            return InboundTurnResponder.Prepared(turn: inbound, wire: wire)
        }
    }
}

/// The Responses API's answers for the shared turn glue.
struct ResponsesWire: InboundWire {
    let echo: ResponsesEcho
    let createdAt: Int

    func errorResponse(_ error: GatewayError, headers: HTTPFields) -> Response {
        OpenAIChatErrors.response(error, headers: headers)
    }

    func body(_ summary: TurnSummary, run: GatewayTurnRun) throws -> [UInt8] {
        try ResponsesObjectEncoder.response(summary, request: echo, ids: ids(run))
    }

    func streamEncoder(run: GatewayTurnRun) -> ResponsesStreamEncoder {
        ResponsesStreamEncoder(request: echo, ids: ids(run), requestedModel: run.prepared.requestedModel)
    }

    private func ids(_ run: GatewayTurnRun) -> ResponsesIDs {
        ResponsesIDs(requestID: run.id.uuidString.lowercased(), createdAt: createdAt)
    }
}
