import Foundation
import SwitchboardCore
import SwitchboardHTTP
import SwitchboardTestSupport
import XCTest

/// Shared helpers for tests that talk to fixture servers over real HTTP through `AsyncHTTPTransport`.
enum TestClient {
    static let connectTimeout: Duration = .seconds(2)

    /// Posts a JSON body and returns the response with its whole body read.
    static func post(_ transport: AsyncHTTPTransport, _ url: URL, json: String,
                     headers: [(String, String)] = []) async throws -> (HTTPResponse, [UInt8]) {
        var all = HTTPHeaders([("content-type", "application/json")])
        for (name, value) in headers { all.add(name, value) }
        let response = try await transport.send(HTTPRequest(url: url, headers: all, body: Array(json.utf8)),
                                                connectTimeout: connectTimeout)
        return (response, try await collect(response.body))
    }

    static func collect(_ body: HTTPBody) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await chunk in body { bytes += chunk }
        return bytes
    }

    /// Every SSE event in a body, parsed with Core's parser (comments skipped).
    static func events(_ bytes: [UInt8]) -> [SSEEvent] {
        var parser = SSEParser()
        return parser.feed(bytes)
    }

    /// The event's data parsed as a JSON object, failing the test if it is not one.
    static func object(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try XCTUnwrap(value as? [String: Any], "not a JSON object: \(text)", file: file, line: line)
    }

    static func url(_ base: URL, _ path: String) -> URL {
        URL(string: base.absoluteString + path) ?? base
    }
}
