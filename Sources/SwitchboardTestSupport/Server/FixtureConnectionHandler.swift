import Foundation
import NIOCore
import NIOHTTP1
import SwitchboardCore

/// Reads whole requests from one connection, records them, and plays each answer's script in its own task.
///
/// Requests on one connection are answered in order. The task playing a script is cancelled when the client
/// goes away, so pauses and stalls end with the connection.
final class FixtureConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let ledger: FixtureServerLedger
    private let respond: @Sendable (RecordedRequest) async -> FixtureResponse
    private var connectionNumber = 0
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var responseTask: Task<Void, Never>?

    init(ledger: FixtureServerLedger, respond: @escaping @Sendable (RecordedRequest) async -> FixtureResponse) {
        self.ledger = ledger
        self.respond = respond
    }

    func channelActive(context: ChannelHandlerContext) {
        connectionNumber = ledger.connectionOpened(context.channel)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        responseTask?.cancel()
        ledger.connectionClosed(connectionNumber)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body.removeAll(keepingCapacity: true)
        case .body(var buffer):
            if let bytes = buffer.readBytes(length: buffer.readableBytes) { body.append(contentsOf: bytes) }
        case .end:
            guard let requestHead = head else { return }
            head = nil
            startResponse(to: requestHead, channel: context.channel)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func startResponse(to requestHead: HTTPRequestHead, channel: any Channel) {
        var headers = SwitchboardCore.HTTPHeaders()
        for (name, value) in requestHead.headers { headers.add(name, value) }
        let request = ledger.record(method: requestHead.method.rawValue, target: requestHead.uri, headers: headers,
                                    body: body, connectionNumber: connectionNumber)
        let keepAlive = requestHead.isKeepAlive
        let respond = self.respond
        // A client that pipelines gets its answers in order: each task waits for the one before.
        let previous = responseTask
        responseTask = Task {
            if let previous { await previous.value }
            guard !Task.isCancelled else { return }
            let response = await respond(request)
            await FixtureResponseWriter(channel: channel).play(response, keepAlive: keepAlive)
        }
    }
}
