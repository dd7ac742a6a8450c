import Foundation
import SwitchboardCore
import SwitchboardHTTP
import SwitchboardTestSupport
import XCTest

/// A request stopped through its `AbortSignal` from another thread, as the engine's watchdog and `cancel(turn:)`
/// do: the waiting task is not cancelled, yet its wait ends at once and the connection closes.
final class TransportAbortTests: XCTestCase {
    private var transport: AsyncHTTPTransport!

    override func setUp() async throws { transport = AsyncHTTPTransport() }
    override func tearDown() async throws { try await transport.shutdown() }

    func testAbortingWhileTheHeadIsAwaitedEndsTheWait() async throws {
        let server = try await FixtureServer.start { _ in
            try? await Task.sleep(for: .seconds(30))
            return FixtureResponse(body: [.text("late")])
        }
        defer { Task { try await server.shutdown() } }
        let signal = AbortSignal()
        let started = ContinuousClock.now
        Self.abort(signal, after: .milliseconds(200))
        do {
            _ = try await transport.send(HTTPRequest(url: server.url("/x")), connectTimeout: .seconds(2), abort: signal)
            XCTFail("the send should have been stopped")
        } catch {
            XCTAssertFalse(Task.isCancelled)
        }
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(5))
        XCTAssertEqual(signal.reason, .timedOut(.firstToken))
    }

    func testAbortingWhileTheBodyIsReadEndsTheReadAndClosesTheConnection() async throws {
        let server = try await FixtureServer.start { _ in FixtureResponse(body: [.text("x"), .stall]) }
        defer { Task { try await server.shutdown() } }
        let signal = AbortSignal()
        let response = try await transport.send(HTTPRequest(url: server.url("/x")), connectTimeout: .seconds(2), abort: signal)
        var received: [UInt8] = []
        do {
            for try await chunk in response.body {
                received += chunk
                Self.abort(signal, after: .milliseconds(50))
            }
            XCTFail("an aborted body should throw, not end cleanly")
        } catch {}
        XCTAssertEqual(received, Array("x".utf8))
        let closed = await server.waitForClosedConnections(1, timeout: .seconds(2))
        XCTAssertTrue(closed, "the server did not see the connection close")
    }

    func testASignalThatAlreadyFiredStopsTheRequestBeforeAnythingArrives() async throws {
        let server = try await FixtureServer.start { _ in FixtureResponse(body: [.text("x"), .stall]) }
        defer { Task { try await server.shutdown() } }
        let signal = AbortSignal()
        signal.abort(.cancelled)
        do {
            let response = try await transport.send(HTTPRequest(url: server.url("/x")), connectTimeout: .seconds(2), abort: signal)
            for try await _ in response.body {}
            XCTFail("a request whose signal fired first must not complete")
        } catch {}
    }

    private static func abort(_ signal: AbortSignal, after delay: Duration) {
        DispatchQueue.global().asyncAfter(deadline: .now() + delay.seconds) { signal.abort(.timedOut(.firstToken)) }
    }
}
