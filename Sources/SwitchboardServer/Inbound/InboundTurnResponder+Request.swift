import Foundation
import HTTPTypes
import Hummingbird
import Logging
import SwitchboardCore

extension InboundTurnResponder {
    /// A request decoded: the turn to run and the wire that answers it.
    struct Prepared<Wire: InboundWire>: Sendable {
        var turn: InboundTurn
        var wire: Wire
    }

    /// The glue every wire's route shares: the caller authorised, the body read within the size limit, decoded by
    /// `prepare`, the turn started and answered streamed or whole. Any failure before the turn starts is answered
    /// by `errorResponse` (the wire's own error shape), with the request's id in its headers.
    static func answer<Wire: InboundWire>(
        _ request: Request, context: GatewayRequestContext, gateway: GatewayContext, endpoint: String, logger: Logger,
        errorResponse: (GatewayError, HTTPFields) -> Response, prepare: ([UInt8]) throws(GatewayError) -> Prepared<Wire>
    ) async -> Answer {
        let requestID = RandomUUID.make()
        let headers = GatewayRouteFacts(requestID: requestID).headers()
        func fail(_ error: GatewayError) -> Answer { (errorResponse(error, headers), error.type) }
        let caller: GatewayCaller
        switch await gateway.authorize(request) {
        case .success(let known): caller = known
        case .failure(let denial): return fail(.denial(denial))
        }
        do {
            let bytes = try await GatewayTurnStart.body(request, limit: gateway.limits.maxBodyBytes)
            let prepared = try prepare(bytes)
            let started = try await GatewayTurnStart.start(prepared.turn, caller: caller, gateway: gateway,
                                                           context: context, id: requestID, endpoint: endpoint)
            return prepared.turn.stream
                ? await stream(started, wire: prepared.wire, endpoint: endpoint, logger: logger)
                : await complete(started, wire: prepared.wire, logger: logger)
        } catch {
            return fail(error)
        }
    }
}
