import Foundation
import SwitchboardCore

/// What the fixture server answers: a status, headers, and a body script played step by step.
public struct FixtureResponse: Sendable {
    /// One step of a body script.
    public enum Step: Sendable, Equatable {
        /// Write these bytes as one chunk and flush them.
        case bytes([UInt8])
        /// Wait before the next step (the connection stays open and silent).
        case pause(Duration)
        /// Send nothing more and keep the connection open until the client leaves or the server shuts down.
        case stall
        /// Close the socket at once, without the terminating zero-length chunk.
        case disconnect

        /// Text as UTF-8 bytes.
        public static func text(_ text: String) -> Step { .bytes(Array(text.utf8)) }
    }

    /// How the body is framed on the wire.
    public enum Framing: Sendable, Equatable {
        /// `transfer-encoding: chunked`, one chunk per `.bytes` step. Required for pauses, stalls and
        /// disconnects to mean anything.
        case chunked
        /// `content-length` with every `.bytes` step joined and sent at once; other steps are ignored.
        /// Providers send their error bodies this way.
        case contentLength
    }

    public var status: Int
    public var headers: HTTPHeaders
    public var body: [Step]
    public var framing: Framing

    public init(status: Int = 200, headers: HTTPHeaders = HTTPHeaders(), body: [Step] = [],
                framing: Framing = .chunked) {
        self.status = status
        self.headers = headers
        self.body = body
        self.framing = framing
    }

    /// A complete body sent with `content-length`, the way error responses usually arrive.
    public static func whole(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: String) -> FixtureResponse {
        FixtureResponse(status: status, headers: headers, body: [.text(body)], framing: .contentLength)
    }

    /// A JSON body sent with `content-length` and `content-type: application/json`.
    public static func json(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: String) -> FixtureResponse {
        var all = headers
        if all["content-type"] == nil { all.add("content-type", "application/json") }
        return whole(status: status, headers: all, body: body)
    }
}
