import Foundation
import SwitchboardCore
import SwitchboardHTTP
import SwitchboardTestSupport
import XCTest

final class AsyncHTTPTransportTests: XCTestCase {
    private var transport: AsyncHTTPTransport!

    override func setUp() async throws {
        transport = AsyncHTTPTransport()
    }

    override func tearDown() async throws {
        try await transport.shutdown()
    }

    func testSendsRequestAndReturnsStatusHeadersAndBody() async throws {
        let server = try await FixtureServer.start { request in
            FixtureResponse(status: 201, headers: HTTPHeaders([("x-echo-method", request.method)]),
                            body: [.text("hel"), .text("lo "), .text(request.bodyText)])
        }
        defer { Task { try await server.shutdown() } }
        var headers = HTTPHeaders([("content-type", "application/json")])
        headers.add("x-custom", "yes")
        let request = HTTPRequest(url: server.url("/v1/things?x=1"), headers: headers, body: Array("{\"a\":1}".utf8))
        let response = try await transport.send(request, connectTimeout: .seconds(2))
        let body = try await TestClient.collect(response.body)

        XCTAssertEqual(response.status, 201)
        XCTAssertEqual(response.headers["X-Echo-Method"], "POST")
        XCTAssertEqual(String(decoding: body, as: UTF8.self), "hello {\"a\":1}")
        let recorded = try XCTUnwrap(server.recordedRequests().first)
        XCTAssertEqual(recorded.target, "/v1/things?x=1")
        XCTAssertEqual(recorded.path, "/v1/things")
        XCTAssertEqual(recorded.headers["x-custom"], "yes")
        XCTAssertEqual(recorded.bodyText, "{\"a\":1}")
    }

    func testChunksArriveAsTheyAreSentNotWhenTheBodyEnds() async throws {
        let server = try await FixtureServer.start { _ in
            FixtureResponse(body: [.text("first"), .pause(.milliseconds(300)), .text("second"),
                                   .pause(.seconds(5)), .text("third")])
        }
        defer { Task { try await server.shutdown() } }
        let start = ContinuousClock.now
        let response = try await transport.send(HTTPRequest(method: "GET", url: server.url("/")),
                                                connectTimeout: .seconds(2))
        var received = ""
        var secondArrivedAfter: Duration?
        for try await chunk in response.body {
            received += String(decoding: chunk, as: UTF8.self)
            if received.contains("second") {
                secondArrivedAfter = ContinuousClock.now - start
                break
            }
        }
        let elapsed = try XCTUnwrap(secondArrivedAfter)
        XCTAssertEqual(received, "firstsecond")
        // It came after the first pause, and long before the second pause (5 s) ended.
        XCTAssertGreaterThanOrEqual(elapsed, .milliseconds(250))
        XCTAssertLessThan(elapsed, .seconds(2))
    }

    func testConcurrentRequestsRunInParallel() async throws {
        let server = try await FixtureServer.start { request in
            FixtureResponse(body: [.pause(.milliseconds(300)), .text("answer to " + request.bodyText)])
        }
        defer { Task { try await server.shutdown() } }
        let transport = self.transport!
        let start = ContinuousClock.now
        let bodies = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for index in 0..<20 {
                group.addTask {
                    let (_, body) = try await TestClient.post(transport, server.url("/x"), json: "\(index)")
                    return (index, String(decoding: body, as: UTF8.self))
                }
            }
            var results: [Int: String] = [:]
            for try await (index, body) in group { results[index] = body }
            return results
        }
        XCTAssertEqual(bodies.count, 20)
        for index in 0..<20 { XCTAssertEqual(bodies[index], "answer to \(index)") }
        // Twenty 300 ms answers one after another would take 6 s.
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(3))
        XCTAssertEqual(server.requestCount, 20)
    }

    func testSequentialRequestsReuseOneConnection() async throws {
        let server = try await FixtureServer.start { _ in FixtureResponse(body: [.text("ok")]) }
        defer { Task { try await server.shutdown() } }
        for _ in 0..<5 {
            let (response, body) = try await TestClient.post(transport, server.url("/x"), json: "{}")
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(body, Array("ok".utf8))
        }
        XCTAssertEqual(server.acceptedConnections, 1)
        XCTAssertEqual(Set(server.recordedRequests().map(\.connectionNumber)), [1])
    }

    func testRefusedConnectionFailsAtOnceWithConnectionFailed() async throws {
        let server = try await FixtureServer.start { _ in FixtureResponse() }
        let url = server.url("/v1/chat/completions")
        try await server.shutdown()
        let start = ContinuousClock.now
        do {
            _ = try await transport.send(HTTPRequest(url: url), connectTimeout: .seconds(5))
            XCTFail("expected a connection failure")
        } catch let error as TransportError {
            guard case .connectionFailed = error else { return XCTFail("got \(error)") }
        }
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(2))
    }

    func testConnectThatNeverCompletesTimesOut() async throws {
        let listener = try UnacceptingListener()
        let start = ContinuousClock.now
        do {
            _ = try await transport.send(HTTPRequest(url: listener.baseURL), connectTimeout: .milliseconds(300))
            XCTFail("expected a connect timeout")
        } catch let error as TransportError {
            XCTAssertEqual(error, .connectTimeout)
        }
        let elapsed = ContinuousClock.now - start
        XCTAssertGreaterThanOrEqual(elapsed, .milliseconds(250))
        XCTAssertLessThan(elapsed, .seconds(3))
    }

    func testConnectionDroppedMidBodyThrowsDisconnected() async throws {
        let server = try await FixtureServer.start { _ in FixtureResponse(body: [.text("partial"), .disconnect]) }
        defer { Task { try await server.shutdown() } }
        let response = try await transport.send(HTTPRequest(url: server.url("/x")), connectTimeout: .seconds(2))
        var received: [UInt8] = []
        do {
            for try await chunk in response.body { received += chunk }
            XCTFail("expected the body to throw")
        } catch let error as TransportError {
            guard case .disconnected = error else { return XCTFail("got \(error)") }
        }
        XCTAssertEqual(received, Array("partial".utf8))
    }

    func testCancellingTheConsumingTaskClosesTheConnection() async throws {
        let server = try await FixtureServer.start { _ in FixtureResponse(body: [.text("x"), .stall]) }
        defer { Task { try await server.shutdown() } }
        let transport = self.transport!
        let gotFirstChunk = expectation(description: "first chunk")
        let consumer = Task {
            let response = try await transport.send(HTTPRequest(url: server.url("/x")), connectTimeout: .seconds(2))
            for try await _ in response.body { gotFirstChunk.fulfill() }
        }
        await fulfillment(of: [gotFirstChunk], timeout: 5)
        XCTAssertEqual(server.closedConnections, 0)
        consumer.cancel()
        let closed = await server.waitForClosedConnections(1, timeout: .seconds(2))
        XCTAssertTrue(closed, "the server did not see the connection close")
    }

    func testStoppingIterationEarlyClosesTheConnection() async throws {
        let server = try await FixtureServer.start { _ in FixtureResponse(body: [.text("x"), .stall]) }
        defer { Task { try await server.shutdown() } }
        try await readFirstChunkThenStop(from: server.url("/x"))
        let closed = await server.waitForClosedConnections(1, timeout: .seconds(2))
        XCTAssertTrue(closed, "the server did not see the connection close")
    }

    private func readFirstChunkThenStop(from url: URL) async throws {
        let response = try await transport.send(HTTPRequest(url: url), connectTimeout: .seconds(2))
        var chunks = 0
        for try await _ in response.body {
            chunks += 1
            break
        }
        XCTAssertEqual(chunks, 1)
    }

    func testLargeBodyArrivesIntact() async throws {
        var generator = SystemRandomNumberGenerator()
        let payload = (0..<(1 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let steps = stride(from: 0, to: payload.count, by: 60_000).map {
            FixtureResponse.Step.bytes(Array(payload[$0..<min($0 + 60_000, payload.count)]))
        }
        let server = try await FixtureServer.start { _ in FixtureResponse(body: steps) }
        defer { Task { try await server.shutdown() } }
        let response = try await transport.send(HTTPRequest(url: server.url("/big")), connectTimeout: .seconds(2))
        let body = try await TestClient.collect(response.body)
        XCTAssertEqual(body.count, payload.count)
        XCTAssertEqual(body, payload)
    }

    func testLengthDelimitedBodyArrivesWhole() async throws {
        let server = try await FixtureServer.start { _ in
            .json(status: 429, headers: HTTPHeaders([("retry-after", "3")]), body: "{\"error\":{}}")
        }
        defer { Task { try await server.shutdown() } }
        let (response, body) = try await TestClient.post(transport, server.url("/x"), json: "{}")
        XCTAssertEqual(response.status, 429)
        XCTAssertEqual(response.headers["retry-after"], "3")
        XCTAssertEqual(response.headers["content-length"], "12")
        XCTAssertEqual(String(decoding: body, as: UTF8.self), "{\"error\":{}}")
    }

    func testErrorsNeverCarryTheKey() async throws {
        let server = try await FixtureServer.start { _ in FixtureResponse() }
        let key = "AIzaSyFixtureSecretKey0123456789abc"
        let url = server.url("/v1beta/models/m:streamGenerateContent?alt=sse&key=\(key)")
        try await server.shutdown()
        let request = HTTPRequest(url: url, headers: HTTPHeaders([("authorization", "Bearer sk-fixturesecret0123456789"),
                                                                  ("x-goog-api-key", key)]))
        do {
            _ = try await transport.send(request, connectTimeout: .seconds(2))
            XCTFail("expected a connection failure")
        } catch {
            let text = String(describing: error)
            XCTAssertFalse(text.contains(key), text)
            XCTAssertFalse(text.contains("sk-fixturesecret0123456789"), text)
        }
    }

    func testSendAfterShutdownFails() async throws {
        let server = try await FixtureServer.start { _ in FixtureResponse(body: [.text("ok")]) }
        defer { Task { try await server.shutdown() } }
        let transport = AsyncHTTPTransport()
        try await transport.shutdown()
        do {
            _ = try await transport.send(HTTPRequest(url: server.url("/x")), connectTimeout: .seconds(1))
            XCTFail("expected a failure")
        } catch let error as TransportError {
            guard case .connectionFailed = error else { return XCTFail("got \(error)") }
        }
    }
}
