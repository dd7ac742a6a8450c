import Foundation
import SwitchboardCore
import SwitchboardHTTP
@testable import SwitchboardTestSupport
import XCTest

/// Fault semantics, checked on the script itself and over HTTP.
final class FixtureStreamScriptTests: FixtureTestCase {
    private let sample = FixtureStream(
        headers: HTTPHeaders(), preamble: [[0x50]], content: [[0x41], [0x42], [0x43]], closing: [[0x46]],
        endMarker: [[0x45]], keepAlive: [0x3A])

    private func steps(_ faults: [Fault], pacing: Duration? = nil, stream: FixtureStream? = nil) -> [FixtureResponse.Step] {
        FixtureStreamScript(faults: faults, defaultPacing: pacing)
            .steps(for: stream ?? sample, midStreamError: [0x21], malformedEvent: [0x3F])
    }

    func testNoFaultsSendsEverythingInOrder() {
        XCTAssertEqual(steps([]), [.bytes([0x50]), .bytes([0x41]), .bytes([0x42]), .bytes([0x43]), .bytes([0x46]),
                                   .bytes([0x45])])
    }

    func testCutsCountTextChunksOnly() {
        XCTAssertEqual(steps([.stallAfter(chunks: 0)]), [.bytes([0x50]), .stall])
        XCTAssertEqual(steps([.disconnectAfter(chunks: 2)]), [.bytes([0x50]), .bytes([0x41]), .bytes([0x42]), .disconnect])
        XCTAssertEqual(steps([.truncateAfter(chunks: 1)]), [.bytes([0x50]), .bytes([0x41])])
        XCTAssertEqual(steps([.midStreamError]), [.bytes([0x50]), .bytes([0x41]), .bytes([0x21])])
        // Past the last text chunk the cut comes before the closing events.
        XCTAssertEqual(steps([.stallAfter(chunks: 9)]).suffix(2), [.bytes([0x43]), .stall])
    }

    func testTruncateDropsOnlyTheEndMarker() {
        XCTAssertEqual(steps([.truncate]), [.bytes([0x50]), .bytes([0x41]), .bytes([0x42]), .bytes([0x43]),
                                            .bytes([0x46])])
    }

    func testMalformedEventFollowsTheFirstTextChunk() {
        XCTAssertEqual(steps([.malformedChunk]).prefix(4), [.bytes([0x50]), .bytes([0x41]), .bytes([0x3F]),
                                                            .bytes([0x42])])
    }

    func testPacingGoesBetweenEventsAfterTheFirstText() {
        let pause = FixtureResponse.Step.pause(.milliseconds(10))
        XCTAssertEqual(steps([.pacing(.milliseconds(10))]),
                       [.bytes([0x50]), .bytes([0x41]), pause, .bytes([0x42]), pause, .bytes([0x43]), pause,
                        .bytes([0x46]), pause, .bytes([0x45])])
        // The configured default applies when no fault overrides it.
        XCTAssertEqual(steps([], pacing: .milliseconds(10)).filter { $0 == pause }.count, 4)
    }

    func testSlowFirstTokenSendsKeepAlivesWhereTheServerDoes() {
        let script = steps([.slowFirstToken(.milliseconds(600))])
        XCTAssertEqual(Array(script.prefix(6)), [.bytes([0x50]), .pause(.milliseconds(250)), .bytes([0x3A]),
                                                 .pause(.milliseconds(250)), .bytes([0x3A]), .pause(.milliseconds(100))])
        var silent = sample
        silent.keepAlive = nil
        XCTAssertEqual(Array(steps([.slowFirstToken(.seconds(1))], stream: silent).prefix(3)),
                       [.bytes([0x50]), .pause(.seconds(1)), .bytes([0x41])])
    }

    // MARK: - Over HTTP

    func testStallAfterKeepsTheConnectionOpenUntilTheClientLeaves() async throws {
        fixture.faults.enqueue(.stallAfter(chunks: 2))
        let transport = self.transport!
        let request = FixtureRequests.openAI(fixture)
        let received = expectation(description: "two text chunks")
        let consumer = Task {
            let response = try await transport.send(request, connectTimeout: .seconds(2))
            var parser = SSEParser()
            var events: [SSEEvent] = []
            for try await chunk in response.body {
                events += parser.feed(chunk)
                if events.count == 3 { received.fulfill() }
            }
            return events.count
        }
        await fulfillment(of: [received], timeout: 5)
        try await Task.sleep(for: .milliseconds(200))
        XCTAssertEqual(fixture.server.closedConnections, 0, "a stall must keep the connection open")
        consumer.cancel()
        let closed = await fixture.server.waitForClosedConnections(1, timeout: .seconds(2))
        XCTAssertTrue(closed)
    }

    func testDisconnectAfterBreaksTheBody() async throws {
        fixture.faults.enqueue(.disconnectAfter(chunks: 1), for: .wire(.anthropic))
        let response = try await transport.send(FixtureRequests.anthropic(fixture), connectTimeout: .seconds(2))
        var bytes: [UInt8] = []
        do {
            for try await chunk in response.body { bytes += chunk }
            XCTFail("expected a disconnect")
        } catch let error as TransportError {
            guard case .disconnected = error else { return XCTFail("got \(error)") }
        }
        XCTAssertEqual(TestClient.events(bytes).map { $0.event ?? "" },
                       ["message_start", "content_block_start", "ping", "content_block_delta"])
    }

    func testTruncateEndsCleanlyWithoutTheEndMarker() async throws {
        for wire in [FixtureWire.openAIChat, .anthropic, .gemini] { fixture.faults.enqueue(.truncate, for: .wire(wire)) }
        let (_, openAI) = try await events(FixtureRequests.openAI(fixture))
        XCTAssertFalse(openAI.contains { $0.data == "[DONE]" })
        XCTAssertEqual(openAI.count, answer.chunks.count + 3)

        let (_, anthropic) = try await events(FixtureRequests.anthropic(fixture))
        XCTAssertEqual(anthropic.last?.event, "message_delta")

        let (_, gemini) = try await events(FixtureRequests.gemini(fixture))
        XCTAssertEqual(gemini.count, answer.chunks.count - 1)
        XCTAssertFalse(gemini.contains { $0.data.contains("finishReason") })
    }

    func testMalformedChunkIsOneNonJSONDataLine() async throws {
        fixture.faults.enqueue(.malformedChunk)
        let (_, events) = try await events(FixtureRequests.openAI(fixture))
        let unparsable = events.filter {
            $0.data != "[DONE]" && (try? JSONSerialization.jsonObject(with: Data($0.data.utf8))) == nil
        }
        XCTAssertEqual(unparsable.count, 1)
        XCTAssertEqual(events.last?.data, "[DONE]")
    }

    func testSlowFirstTokenAndDelayHeadTakeTheirTime() async throws {
        fixture.faults.enqueue(.delayHead(.milliseconds(300)), .slowFirstToken(.milliseconds(300)))
        let start = ContinuousClock.now
        let response = try await transport.send(FixtureRequests.openAI(fixture, openRouter: true), connectTimeout: .seconds(2))
        XCTAssertGreaterThanOrEqual(ContinuousClock.now - start, .milliseconds(280))
        var parser = SSEParser()
        var raw: [UInt8] = []
        for try await chunk in response.body {
            raw += chunk
            if parser.feed(chunk).contains(where: { $0.data.contains(answer.chunks[0]) }) { break }
        }
        XCTAssertGreaterThanOrEqual(ContinuousClock.now - start, .milliseconds(580))
        let comments = String(decoding: raw, as: UTF8.self).components(separatedBy: ": OPENROUTER PROCESSING").count - 1
        XCTAssertEqual(comments, 2)
    }

    func testPacingSpacesTheChunks() async throws {
        fixture.update { $0.answer = FixtureAnswer(chunks: ["a", "b", "c", "d"]) }
        fixture.faults.enqueue(.pacing(.milliseconds(60)))
        let start = ContinuousClock.now
        let (_, events) = try await events(FixtureRequests.ollama(fixture))
        XCTAssertTrue(events.isEmpty)  // NDJSON: no SSE events at all.
        // Three gaps between four chunks plus one before the done line.
        XCTAssertGreaterThanOrEqual(ContinuousClock.now - start, .milliseconds(240))
    }
}
