import AsyncHTTPClient
import Foundation
import NIOCore
import SwitchboardCore

/// Turns async-http-client and NIO errors into `TransportError`. Messages come from the error values only,
/// never from request headers, and pass through the redactor in case a URL carried a key.
enum TransportErrorMapping {
    enum Phase {
        /// Before the response head: connecting, sending, waiting.
        case request
        /// While the body streams.
        case body
    }

    static func map(_ error: any Error, phase: Phase) -> any Error {
        if error is CancellationError || error is TransportError { return error }
        if let clientError = error as? HTTPClientError {
            switch clientError {
            case .cancelled:
                return CancellationError()
            case .connectTimeout:
                return TransportError.connectTimeout
            case .remoteConnectionClosed:
                return TransportError.disconnected("the server closed the connection")
            default:
                break
            }
        }
        if case ChannelError.connectTimeout = error { return TransportError.connectTimeout }
        let message = Redactor.shared.redact(String(describing: error))
        switch phase {
        case .request: return TransportError.connectionFailed(message)
        case .body: return TransportError.disconnected(message)
        }
    }
}
