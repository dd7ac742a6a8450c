import Foundation

/// Header fields in order, looked up case-insensitively.
public struct HTTPHeaders: Sendable, Hashable, Sequence {
    public private(set) var fields: [Field]

    public struct Field: Sendable, Hashable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(_ pairs: [(String, String)] = []) {
        fields = pairs.map { Field(name: $0.0, value: $0.1) }
    }

    public mutating func add(_ name: String, _ value: String) { fields.append(Field(name: name, value: value)) }

    /// Replaces every field of that name with one.
    public mutating func set(_ name: String, _ value: String) {
        fields.removeAll { $0.name.caseInsensitiveCompare(name) == .orderedSame }
        add(name, value)
    }

    public subscript(name: String) -> String? {
        fields.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }
}

/// A request an adapter builds; the transport sends it without knowing which provider it is for.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: URL
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(method: String = "POST", url: URL, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// The status and headers of a response whose body is still arriving.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    /// Body bytes in the chunks the network delivered. Ending iteration early (or cancelling the task that
    /// iterates) cancels the request.
    public var body: HTTPBody

    public init(status: Int, headers: HTTPHeaders, body: HTTPBody) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public init(status: Int, headers: HTTPHeaders, body: AsyncThrowingStream<[UInt8], any Error>) {
        self.init(status: status, headers: headers, body: HTTPBody(body))
    }
}

/// Sends HTTP requests. The real one lives in SwitchboardHTTP; tests may use a fake.
public protocol HTTPTransport: Sendable {
    /// Returns once the response head has arrived. Throws `TransportError` on connect failure or when
    /// `connectTimeout` passes before the connection is up. Firing `abort` stops the request at any point: the
    /// wait for the head or a read of the body then throws (`TransportError.aborted` or the transport's own
    /// cancellation error), so a deadline or a cancel never needs a second task.
    func send(_ request: HTTPRequest, connectTimeout: Duration, abort: AbortSignal) async throws -> HTTPResponse
}

extension HTTPTransport {
    /// A request nobody needs to stop from outside (benchmarks, tools): cancelling the task still stops it.
    public func send(_ request: HTTPRequest, connectTimeout: Duration) async throws -> HTTPResponse {
        try await send(request, connectTimeout: connectTimeout, abort: AbortSignal())
    }
}

/// Failures below HTTP: the engine maps them to `ProviderError` with the provider's name.
public enum TransportError: Error, Sendable, Equatable {
    case connectTimeout
    case connectionFailed(String)
    case disconnected(String)
    /// The request was stopped through its `AbortSignal`.
    case aborted
}
