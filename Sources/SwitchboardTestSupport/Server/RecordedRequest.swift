import Foundation
import SwitchboardCore

/// One request as the fixture server received it, kept so tests can check what a client actually sent.
public struct RecordedRequest: Sendable {
    public var method: String
    /// The request target as sent: path and query (`/v1beta/models/m:streamGenerateContent?alt=sse`).
    public var target: String
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// 1 for the first connection the server accepted, 2 for the next: equal numbers mean keep-alive reuse.
    public var connectionNumber: Int
    /// 1 for the first request the server received, counting every connection.
    public var sequenceNumber: Int

    public init(method: String, target: String, headers: HTTPHeaders, body: [UInt8], connectionNumber: Int,
                sequenceNumber: Int) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
        self.connectionNumber = connectionNumber
        self.sequenceNumber = sequenceNumber
    }

    /// The target without its query.
    public var path: String {
        target.firstIndex(of: "?").map { String(target[..<$0]) } ?? target
    }

    /// The query items, in order; empty when there is no query.
    public var queryItems: [URLQueryItem] {
        URLComponents(string: "http://fixture" + target)?.queryItems ?? []
    }

    public func queryValue(_ name: String) -> String? {
        queryItems.first { $0.name == name }?.value
    }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The body parsed as a JSON object, or nil when it is not one.
    public func jsonBody() -> [String: Any]? {
        try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
    }
}
