import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import SwitchboardCore

/// What every inbound endpoint does before its wire format matters again: the credentials check, the body
/// within the size limit, then (after the endpoint's own decoding) the model resolved, the turn recorded and
/// started, and the client's going away wired to stopping it.
public enum GatewayTurnStart {
    /// The request body, refused past the limit (413) before or while it is read.
    public static func body(_ request: Request, limit: Int) async throws(GatewayError) -> [UInt8] {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            throw .tooLarge(limitBytes: limit)
        }
        var request = request
        do {
            let buffer = try await request.collectBody(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            throw .tooLarge(limitBytes: limit)
        } catch {
            throw .badRequest("the request body could not be read: \(error)")
        }
    }

    /// Resolves and starts the turn, registered for shutdown and for the client going away. Call `end` on the
    /// result when the response is done.
    /// `id` is the request's id (`x-switchboard-request-id`), which the turn keeps.
    /// `endpoint` labels the turn's timings and spend in `/metrics`.
    public static func start(_ inbound: InboundTurn, caller: GatewayCaller, gateway: GatewayContext,
                             context: GatewayRequestContext, id: UUID,
                             endpoint: String = "other") async throws(GatewayError) -> StartedTurn {
        var inbound = inbound
        // `X-Switchboard-Session` names the conversation before anything the body says.
        if let header = context.sessionSlot.requested {
            inbound.conversation = try GatewaySessionID.fromHeader(header)
        }
        let prepared = try await gateway.prepare(inbound, caller: caller, id: id)
        let run = try await GatewayTurnRun.start(prepared, gateway: gateway, logger: context.logger)
        context.sessionSlot.session = run.session
        let watcher = context.closeWatcher
        let token = watcher?.onClose { run.cancel() }
        return StartedTurn(run: run, gateway: gateway, watcher: watcher, token: token, endpoint: endpoint)
    }
}

/// A started turn and what must be undone when its response ends.
public struct StartedTurn: Sendable {
    public let run: GatewayTurnRun
    let gateway: GatewayContext
    let watcher: InboundCloseWatcher?
    let token: Int?
    let endpoint: String

    /// Waits for the turn to end, counts it in `/metrics` and lets go of the client's close. (The turn leaves the
    /// gateway's turns by itself, once its writes are made: `GatewayTurnRun`.)
    public func end(logger: Logger) async {
        await run.finished(logger: logger)
        if let summary = run.summary {
            gateway.metrics.turn(endpoint: endpoint, summary: summary, key: run.prepared.turn.gatewayKey.map { String($0.id) })
        }
        if let token { watcher?.remove(token) }
    }
}

/// What the client is told in headers: known once the first answer byte (or the failure) is in.
public struct GatewayRouteFacts: Sendable {
    public var requestID: UUID
    public var route: RouteInfo?
    public var attempts = 0

    public init(requestID: UUID) { self.requestID = requestID }

    public mutating func note(_ event: EngineEvent) {
        if case .routed(let info, _) = event {
            route = info
            attempts += 1
        }
    }

    /// `x-switchboard-request-id`, `-provider`, `-model`, `-attempts`, and `-cost` when given.
    public func headers(cost: Money? = nil) -> HTTPFields {
        var fields = HTTPFields()
        fields[GatewayHeaders.requestID] = requestID.uuidString.lowercased()
        if let route {
            fields[GatewayHeaders.provider] = route.provider
            fields[GatewayHeaders.model] = route.model
        }
        fields[GatewayHeaders.attempts] = String(attempts)
        if let cost { fields[GatewayHeaders.cost] = cost.decimalString }
        return fields
    }
}

public enum GatewayHeaders {
    public static let requestID = name("x-switchboard-request-id")
    public static let provider = name("x-switchboard-provider")
    public static let model = name("x-switchboard-model")
    public static let attempts = name("x-switchboard-attempts")
    public static let cost = name("x-switchboard-cost")

    /// A header name written in this file: a bad one is a programming error.
    static func name(_ text: String) -> HTTPField.Name {
        guard let name = HTTPField.Name(text) else { preconditionFailure("invalid header name \(text)") }
        return name
    }
}
