import Foundation
import SwitchboardCore
import SwitchboardHTTP
import SwitchboardTestSupport
import XCTest

final class FixtureServerTests: XCTestCase {
    private var transport: AsyncHTTPTransport!

    override func setUp() async throws { transport = AsyncHTTPTransport() }
    override func tearDown() async throws { try await transport.shutdown() }

    func testCountsRequestsPerPathAndForgets() async throws {
        let server = try await FixtureServer.start { _ in FixtureResponse(body: [.text("ok")]) }
        defer { Task { try await server.shutdown() } }
        for path in ["/a?x=1", "/a?x=2", "/b"] {
            _ = try await TestClient.post(transport, server.url(path), json: "{}")
        }
        XCTAssertEqual(server.requestCount, 3)
        XCTAssertEqual(server.requestCount(path: "/a"), 2)
        XCTAssertEqual(server.recordedRequests().map(\.sequenceNumber), [1, 2, 3])
        XCTAssertEqual(server.recordedRequests()[1].queryValue("x"), "2")
        server.resetRecordedRequests()
        XCTAssertEqual(server.requestCount, 0)
        XCTAssertEqual(server.requestCount(path: "/a"), 0)
    }

    func testHandlerDelayHoldsTheHead() async throws {
        let server = try await FixtureServer.start { _ in
            try? await Task.sleep(for: .milliseconds(200))
            return FixtureResponse(status: 204)
        }
        defer { Task { try await server.shutdown() } }
        let start = ContinuousClock.now
        let (response, body) = try await TestClient.post(transport, server.url("/"), json: "{}")
        XCTAssertEqual(response.status, 204)
        XCTAssertTrue(body.isEmpty)
        XCTAssertGreaterThanOrEqual(ContinuousClock.now - start, .milliseconds(190))
    }

    func testShutdownEndsAStalledResponse() async throws {
        let server = try await FixtureServer.start { _ in FixtureResponse(body: [.text("x"), .stall]) }
        let response = try await transport.send(HTTPRequest(url: server.url("/")), connectTimeout: .seconds(2))
        var iterator = response.body.makeAsyncIterator()
        let first = try await iterator.next()
        XCTAssertEqual(first, Array("x".utf8))
        try await server.shutdown()
        do {
            while try await iterator.next() != nil {}
            XCTFail("a stalled body cut by shutdown must not end cleanly")
        } catch let error as TransportError {
            guard case .disconnected = error else { return XCTFail("got \(error)") }
        }
        XCTAssertEqual(server.closedConnections, 1)
    }

    func testWaitUntilGivesUp() async throws {
        let server = try await FixtureServer.start { _ in FixtureResponse() }
        defer { Task { try await server.shutdown() } }
        let start = ContinuousClock.now
        let closed = await server.waitForClosedConnections(1, timeout: .milliseconds(100))
        XCTAssertFalse(closed)
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(1))
    }

    func testClientAskingToCloseGetsConnectionClosed() async throws {
        let server = try await FixtureServer.start { _ in FixtureResponse(body: [.text("bye")]) }
        defer { Task { try await server.shutdown() } }
        let request = HTTPRequest(url: server.url("/"), headers: HTTPHeaders([("connection", "close")]))
        let response = try await transport.send(request, connectTimeout: .seconds(2))
        XCTAssertEqual(response.headers["connection"], "close")
        let body = try await TestClient.collect(response.body)
        XCTAssertEqual(body, Array("bye".utf8))
        let closed = await server.waitForClosedConnections(1, timeout: .seconds(2))
        XCTAssertTrue(closed)
    }

    /// The engine-overhead benchmark streams thousands of requests through this server: keep it quick.
    func testManyStreamedRequestsAreQuick() async throws {
        let answer = FixtureAnswer.standard
        let server = try await FixtureServer.start { _ in
            FixtureResponse(body: answer.chunks.map { .text("data: \($0)\n\n") } + [.text("data: [DONE]\n\n")])
        }
        defer { Task { try await server.shutdown() } }
        let start = ContinuousClock.now
        for _ in 0..<200 {
            let (_, body) = try await TestClient.post(transport, server.url("/"), json: "{}")
            XCTAssertEqual(TestClient.events(body).count, answer.chunks.count + 1)
        }
        let elapsed = ContinuousClock.now - start
        XCTAssertLessThan(elapsed, .seconds(10))
        print("200 streamed requests took \(elapsed)")
        XCTAssertEqual(server.acceptedConnections, 1)
    }
}
