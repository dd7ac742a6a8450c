import Foundation
import Hummingbird
import Logging
import NIOCore
import SwitchboardCore

/// A wire format's streamed encoder: engine events in, bytes out (empty for events it does not show), and a
/// failure after the stream began in the wire's own words.
protocol InboundStreamEncoder: Sendable {
    mutating func encode(_ event: EngineEvent) throws -> [UInt8]
    mutating func fail(_ error: GatewayError) throws -> [UInt8]
}

/// What a wire format (Anthropic Messages, Responses) gives the shared turn glue: its error response, its
/// whole-body answer and its stream encoder.
protocol InboundWire: Sendable {
    associatedtype Stream: InboundStreamEncoder
    func errorResponse(_ error: GatewayError, headers: HTTPFields) -> Response
    func body(_ summary: TurnSummary, run: GatewayTurnRun) throws -> [UInt8]
    func streamEncoder(run: GatewayTurnRun) -> Stream
}

/// Runs a started turn to a response, for the wires whose encoders are `InboundStreamEncoder`s, the same way
/// `OpenAIChatRoute` does for Chat Completions: not streamed, the whole answer or an error with its status;
/// streamed, the status and headers wait for the first answer event (a failure before it is an HTTP error),
/// then every event goes through the encoder until the turn ends. A client that goes away stops the turn
/// (recorded as cancelled with what arrived). Each answer comes with its error class when it is an error (for
/// the route's request count in `/metrics`); a failure after the first byte is counted here, by `endpoint`.
enum InboundTurnResponder {
    typealias Answer = (response: Response, errorClass: String?)

    static func complete<Wire: InboundWire>(_ started: StartedTurn, wire: Wire, logger: Logger) async -> Answer {
        let run = started.run
        let (facts, outcome) = await started.outcome()
        await started.end(logger: logger)
        switch outcome {
        case .finished(let summary)? where summary.complete:
            do {
                let body = try wire.body(summary, run: run)
                return (GatewayResponse.json(status: .ok, body: body, headers: facts.headers(cost: summary.cost ?? summary.reportedCost)), nil)
            } catch {
                return fail(wire, GatewayError(status: 500, type: "server_error", message: "the answer could not be encoded: \(error)"),
                            facts)
            }
        case .finished(let summary)?:
            return fail(wire, .incomplete(summary), facts)
        case .failed(let failure)?:
            return fail(wire, .failure(failure), facts)
        default:
            return fail(wire, GatewayError(status: 500, type: "server_error", message: "the turn ended without an outcome"), facts)
        }
    }

    private static func fail<Wire: InboundWire>(_ wire: Wire, _ error: GatewayError, _ facts: GatewayRouteFacts) -> Answer {
        (wire.errorResponse(error, headers: facts.headers()), error.type)
    }

    static func stream<Wire: InboundWire>(_ started: StartedTurn, wire: Wire, endpoint: String, logger: Logger) async -> Answer {
        let run = started.run
        let cursor = EngineEventCursor(run.events)
        let encoder = wire.streamEncoder(run: run)
        // Up to the first answer event; the encoder sees the route and early usage, and writes nothing yet.
        let (facts, first, early) = await withTaskCancellationHandler {
            var facts = GatewayRouteFacts(requestID: run.id)
            var early: [EngineEvent] = []
            while let event = await cursor.next() {
                facts.note(event)
                switch event {
                // A thinking signature alone is not yet an answer: it may be another vendor's, which shows nothing.
                case .delta, .reasoning, .toolCall, .finished, .failed: return (facts, Optional(event), early)
                default: early.append(event)
                }
            }
            return (facts, nil, early)
        } onCancel: {
            run.cancel()
        }
        switch first {
        case .failed(let failure)?:
            await started.end(logger: logger)
            return fail(wire, .failure(failure), facts)
        case .finished(let summary)? where !summary.complete && summary.text.isEmpty && summary.toolCalls.isEmpty:
            await started.end(logger: logger)
            return fail(wire, .incomplete(summary), facts)
        case nil:
            await started.end(logger: logger)
            return fail(wire, GatewayError(status: 500, type: "server_error", message: "the turn ended without an outcome"), facts)
        default: break
        }
        var headers = facts.headers()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        let metrics = started.gateway.metrics
        let body = ResponseBody { [encoder, early] writer in
            var encoder = encoder
            var sink = ChunkSink(writer: writer, run: run)
            await withTaskCancellationHandler {
                for event in early { add(&encoder, event, to: &sink, logger: logger) }
                var event = first
                while let current = event {
                    switch current {
                    case .finished(let summary) where !summary.complete:
                        metrics.error(endpoint: endpoint, errorClass: GatewayError.incomplete(summary).type)
                    case .failed(let failure):
                        metrics.error(endpoint: endpoint, errorClass: GatewayError.failure(failure).type)
                    default: break
                    }
                    add(&encoder, current, to: &sink, logger: logger)
                    // Events that arrived together go out in one write; nothing waits for an event to come.
                    if !cursor.hasBuffered { await sink.flush() }
                    event = await cursor.next()
                }
            } onCancel: {
                run.cancel()
            }
            await started.end(logger: logger)
            await sink.finish(logger: logger)
        }
        return (Response(status: .ok, headers: headers, body: body), nil)
    }

    /// One event through the encoder, for the sink's next write. An event that cannot be encoded (which only a
    /// non-finite number could cause) ends the stream with the wire's error and stops the turn.
    private static func add<Encoder: InboundStreamEncoder>(_ encoder: inout Encoder, _ event: EngineEvent,
                                                           to sink: inout ChunkSink, logger: Logger) {
        do {
            sink.add(try encoder.encode(event))
        } catch {
            logger.error("request \(sink.run.id.uuidString.lowercased()): an event could not be encoded: \(error)")
            let failure = GatewayError(status: 500, type: "server_error", message: "the answer could not be encoded: \(error)")
            if let bytes = try? encoder.fail(failure) { sink.add(bytes) }
            sink.run.cancel()
        }
    }
}
