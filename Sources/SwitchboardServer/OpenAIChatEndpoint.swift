import Foundation
import Hummingbird
import Logging
import NIOCore
import SwitchboardCore

/// `POST /v1/chat/completions`: the route glue. The wire translation lives in OpenAIChatRequest (decode),
/// OpenAIChatEncoder (chunks and body) and OpenAIChatErrors.
struct OpenAIChatEndpoint: GatewayEndpoint {
    func register(on router: Router<GatewayRequestContext>, gateway: GatewayContext) {
        router.post("/v1/chat/completions") { request, context -> Response in
            await OpenAIChatRoute(gateway: gateway, logger: context.logger).respond(to: request, context: context)
        }
    }
}

struct OpenAIChatRoute: Sendable {
    let gateway: GatewayContext
    let logger: Logger

    static let endpoint = "chat_completions"

    /// Answers and counts the request in `/metrics` (its status, and its error class when it failed).
    func respond(to request: Request, context: GatewayRequestContext) async -> Response {
        let (response, errorClass) = await answer(request, context: context)
        gateway.metrics.request(endpoint: Self.endpoint, status: response.status.code, errorClass: errorClass)
        return response
    }

    private func fail(_ error: GatewayError, headers: HTTPFields) -> (Response, String?) {
        (OpenAIChatErrors.response(error, headers: headers), error.type)
    }

    private func answer(_ request: Request, context: GatewayRequestContext) async -> (Response, String?) {
        let requestID = RandomUUID.make()
        let headers = GatewayRouteFacts(requestID: requestID).headers()
        let caller: GatewayCaller
        switch await gateway.authorize(request) {
        case .success(let known): caller = known
        case .failure(let denial): return fail(.denial(denial), headers: headers)
        }
        do {
            let bytes = try await GatewayTurnStart.body(request, limit: gateway.limits.maxBodyBytes)
            let decoded = try OpenAIChatRequest.decode(bytes)
            var inbound = decoded.turn
            // `X-Switchboard-Tag` first, then the body's metadata.
            inbound.tags = GatewayTags.fromHeaders(request.headers, then: inbound.tags)
            let started = try await GatewayTurnStart.start(inbound, caller: caller, gateway: gateway, context: context,
                                                           id: requestID, endpoint: Self.endpoint)
            if decoded.turn.stream {
                return await stream(started, includeUsage: decoded.includeUsage)
            }
            return await complete(started)
        } catch {
            return fail(error, headers: headers)
        }
    }

    // MARK: Not streamed

    private func complete(_ started: StartedTurn) async -> (Response, String?) {
        let run = started.run
        let (facts, outcome) = await started.outcome()
        await started.end(logger: logger)
        switch outcome {
        case .finished(let summary)? where summary.complete:
            let encoder = OpenAIChatEncoder(id: Self.completionID(run.id), created: Self.now(), model: summary.route.model)
            let cost = OpenAIChatEncoder.cost(of: summary)
            return (GatewayResponse.json(status: .ok, body: encoder.completion(summary), headers: facts.headers(cost: cost)), nil)
        case .finished(let summary)?:
            return fail(.incomplete(summary), headers: facts.headers())
        case .failed(let failure)?:
            return fail(.failure(failure), headers: facts.headers())
        default:
            return fail(GatewayError(status: 500, type: "server_error", message: "the turn ended without an outcome"),
                        headers: facts.headers())
        }
    }

    // MARK: Streamed

    private func stream(_ started: StartedTurn, includeUsage: Bool) async -> (Response, String?) {
        let run = started.run
        let cursor = EngineEventCursor(run.events)
        // Up to the first answer byte: a failure before it is an HTTP error with its own status.
        let (facts, first) = await withTaskCancellationHandler {
            var facts = GatewayRouteFacts(requestID: run.id)
            while let event = await cursor.next() {
                facts.note(event)
                switch event {
                case .delta, .reasoning, .toolCall, .finished, .failed: return (facts, Optional(event))
                default: continue
                }
            }
            return (facts, nil)
        } onCancel: {
            run.cancel()
        }
        switch first {
        case .failed(let failure)?:
            await started.end(logger: logger)
            return fail(.failure(failure), headers: facts.headers())
        case .finished(let summary)? where !summary.complete && summary.text.isEmpty && summary.toolCalls.isEmpty:
            await started.end(logger: logger)
            return fail(.incomplete(summary), headers: facts.headers())
        case nil:
            await started.end(logger: logger)
            return fail(GatewayError(status: 500, type: "server_error", message: "the turn ended without an outcome"),
                        headers: facts.headers())
        default: break
        }
        var headers = facts.headers()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        let encoder = OpenAIChatEncoder(id: Self.completionID(run.id), created: Self.now(),
                                        model: facts.route?.model ?? run.prepared.requestedModel)
        let logger = self.logger
        let metrics = gateway.metrics
        let body = ResponseBody { writer in
            var sink = ChunkSink(writer: writer, run: run)
            var calls = InboundToolCalls()
            await withTaskCancellationHandler {
                sink.add(encoder.role())
                var event = first
                while let current = event {
                    switch current {
                    case .delta(let text): sink.add(encoder.content(text))
                    case .reasoning(let text): sink.add(encoder.reasoning(text))
                    case .toolCall(let piece): sink.add(encoder.toolCallSteps(calls.take(piece)))
                    case .attemptFailed: calls.attemptEnded()
                    case .finished(let summary):
                        if !summary.complete { metrics.error(endpoint: Self.endpoint, errorClass: GatewayError.incomplete(summary).type) }
                        sink.add(Self.ending(summary, encoder: encoder, includeUsage: includeUsage, clientGone: sink.clientGone,
                                             calls: calls))
                    case .failed(let failure):
                        let error = GatewayError.failure(failure)
                        metrics.error(endpoint: Self.endpoint, errorClass: error.type)
                        sink.add(OpenAIChatErrors.event(error))
                    default: break
                    }
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

    /// The bytes after the last delta: any tool call that streamed no pieces (whole), the finish chunk, usage
    /// and `[DONE]` for a complete answer; an error event (and no `[DONE]`) for one that broke or was stopped.
    static func ending(_ summary: TurnSummary, encoder: OpenAIChatEncoder, includeUsage: Bool, clientGone: Bool,
                       calls: InboundToolCalls = InboundToolCalls()) -> [UInt8] {
        guard summary.complete else {
            return clientGone ? [] : OpenAIChatErrors.event(.incomplete(summary))
        }
        var out: [UInt8] = []
        // A call without parameters has `{}` as its arguments, as the non-streamed answer says.
        for slot in calls.openedWithoutArguments { out += encoder.toolCallArguments(index: slot, "{}") }
        let whole = calls.unstreamed(summary)
        if !whole.isEmpty { out += encoder.toolCalls(whole) }
        out += encoder.finish(OpenAIChatEncoder.finishReason(summary))
        if includeUsage { out += encoder.usage(summary.usage, cost: OpenAIChatEncoder.cost(of: summary)) }
        return out + OpenAIChatEncoder.done
    }

    static func completionID(_ id: UUID) -> String {
        "chatcmpl-" + id.uuidString.lowercased()
    }

    static func now() -> Int {
        Int(Date().timeIntervalSince1970)
    }
}

/// Writes SSE chunks until the client is gone; after a failed write the turn is stopped (recorded as
/// cancelled with what arrived) and nothing more is written. Chunks `add`ed go out together at the next `flush`.
struct ChunkSink {
    var writer: any ResponseBodyWriter
    let run: GatewayTurnRun
    private(set) var clientGone = false
    private var pending: [UInt8] = []

    init(writer: any ResponseBodyWriter, run: GatewayTurnRun) {
        self.writer = writer
        self.run = run
    }

    mutating func add(_ bytes: [UInt8]) {
        guard !clientGone else { return }
        pending += bytes
    }

    mutating func flush() async {
        guard !clientGone, !pending.isEmpty else { return }
        let buffer = ByteBuffer(bytes: pending)
        pending.removeAll(keepingCapacity: true)
        do {
            try await writer.write(buffer)
        } catch {
            clientGone = true
            run.cancel()
        }
    }

    consuming func finish(logger: Logger) async {
        guard !clientGone else { return }
        do { try await writer.finish(nil) } catch {
            logger.debug("the client went away before the stream's end: \(error)")
        }
    }
}
