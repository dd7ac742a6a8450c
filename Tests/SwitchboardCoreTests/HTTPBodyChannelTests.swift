import Foundation
import XCTest
@testable import SwitchboardCore

final class HTTPBodyChannelTests: XCTestCase {
    private struct Broken: Error, Equatable {}

    private final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func raise() { lock.withLock { count += 1 } }
        var raised: Int { lock.withLock { count } }
    }

    /// A task reading the body's first chunk.
    private func firstChunk(of body: HTTPBody) -> Task<[UInt8]?, any Error> {
        Task {
            var iterator = body.makeAsyncIterator()
            return try await iterator.next()
        }
    }

    /// `read` throws `Broken`, and the read after it finds the body ended.
    private func assertBrokenThenEnded<T>(_ read: () async throws -> T?, file: StaticString = #filePath,
                                          line: UInt = #line) async {
        do {
            _ = try await read()
            XCTFail("the error was not thrown", file: file, line: line)
        } catch {
            XCTAssertEqual(error as? Broken, Broken(), file: file, line: line)
        }
        do {
            let after = try await read()
            XCTAssertNil(after, file: file, line: line)
        } catch {
            XCTFail("the read after the error threw \(error)", file: file, line: line)
        }
    }

    func testChunksArriveInOrderThenTheEnd() async throws {
        let (body, channel) = HTTPBodyChannel.make()
        channel.yield([1])
        channel.yield([2, 3])
        let producer = Task {
            for value in UInt8(4)...50 {
                channel.yield([value])
                await Task.yield()
            }
            channel.finish()
        }
        var received: [UInt8] = []
        for try await chunk in body { received += chunk }
        await producer.value
        XCTAssertEqual(received, Array(1...50))
    }

    func testTheErrorComesAfterTheLastChunkThenTheBodyReadsAsEnded() async throws {
        let (body, channel) = HTTPBodyChannel.make()
        channel.yield([7])
        channel.finish(throwing: Broken())
        channel.yield([8])  // after the end: dropped
        var iterator = body.makeAsyncIterator()
        let first = try await iterator.next()
        XCTAssertEqual(first, [7])
        await assertBrokenThenEnded { try await iterator.next() }
    }

    func testAWaitingReaderIsWokenByTheEndAndByTheError() async throws {
        let (body, channel) = HTTPBodyChannel.make()
        let reader = firstChunk(of: body)
        try await Task.sleep(for: .milliseconds(20))
        channel.finish()
        let ended = try await reader.value
        XCTAssertNil(ended)

        let (broken, failing) = HTTPBodyChannel.make()
        let second = firstChunk(of: broken)
        try await Task.sleep(for: .milliseconds(20))
        failing.finish(throwing: Broken())
        do {
            _ = try await second.value
            XCTFail("the error was not thrown")
        } catch {
            XCTAssertEqual(error as? Broken, Broken())
        }
    }

    func testCancellingAWaitingReaderEndsItsReadAndStopsTheRequestOnce() async throws {
        let stops = Flag()
        let (body, channel) = HTTPBodyChannel.make()
        channel.onReaderStop { stops.raise() }
        let reader = firstChunk(of: body)
        try await Task.sleep(for: .milliseconds(20))
        reader.cancel()
        let value = try await reader.value
        XCTAssertNil(value)
        XCTAssertEqual(stops.raised, 1)
        channel.yield([1])
        channel.finish()
        XCTAssertEqual(stops.raised, 1, "stopping runs once")
    }

    func testDroppingTheBodyBeforeItsEndStopsTheRequest() async throws {
        let stops = Flag()
        var channel: HTTPBodyChannel?
        do {
            let (body, made) = HTTPBodyChannel.make()
            channel = made
            made.onReaderStop { stops.raise() }
            made.yield([1])
            var iterator = body.makeAsyncIterator()
            let first = try await iterator.next()
            XCTAssertEqual(first, [1])
        }
        XCTAssertEqual(stops.raised, 1, "the reader went away early")
        // A stop registered afterwards runs at once.
        channel?.onReaderStop { stops.raise() }
        XCTAssertEqual(stops.raised, 2)
    }

    func testDroppingTheBodyAfterItsEndStopsNothing() async throws {
        let stops = Flag()
        do {
            let (body, channel) = HTTPBodyChannel.make()
            channel.onReaderStop { stops.raise() }
            channel.yield([1])
            channel.finish()
            for try await _ in body {}
        }
        XCTAssertEqual(stops.raised, 0)
    }

    func testABodyOverAStreamReadsTheSame() async throws {
        let stream = AsyncThrowingStream<[UInt8], any Error> { continuation in
            continuation.yield([1, 2])
            continuation.yield([3])
            continuation.finish(throwing: Broken())
        }
        var received: [UInt8] = []
        do {
            for try await chunk in HTTPBody(stream) { received += chunk }
            XCTFail("the error was not thrown")
        } catch {
            XCTAssertEqual(error as? Broken, Broken())
        }
        XCTAssertEqual(received, [1, 2, 3])
    }

    func testNextAvailableTakesEveryBufferedChunkThenTheErrorThenTheEnd() async throws {
        let (body, channel) = HTTPBodyChannel.make()
        var iterator = body.makeAsyncIterator()
        channel.yield([1])
        let single = try await iterator.next()
        XCTAssertEqual(single, [1])
        channel.yield([2])
        channel.yield([3, 4])
        channel.yield([5])
        let batch = try await iterator.nextAvailable()
        XCTAssertEqual(batch, [[2], [3, 4], [5]])
        channel.yield([6])
        channel.finish(throwing: Broken())
        let last = try await iterator.nextAvailable()
        XCTAssertEqual(last, [[6]])
        await assertBrokenThenEnded { try await iterator.nextAvailable() }
    }

    func testNextAvailableWaitsForAChunkAndKeepsTheOrderAcrossCalls() async throws {
        let (body, channel) = HTTPBodyChannel.make()
        let producer = Task {
            for value in UInt8(1)...60 {
                channel.yield([value])
                if value % 7 == 0 { await Task.yield() }
            }
            channel.finish()
        }
        var iterator = body.makeAsyncIterator()
        var received: [UInt8] = []
        while let chunks = try await iterator.nextAvailable() {
            XCTAssertFalse(chunks.isEmpty)
            received += chunks.joined()
        }
        await producer.value
        XCTAssertEqual(received, Array(1...60))
    }

    func testNextAvailableOverAStreamGivesOneChunkAtATime() async throws {
        let stream = AsyncThrowingStream<[UInt8], any Error> { continuation in
            continuation.yield([1, 2])
            continuation.yield([3])
            continuation.finish()
        }
        var iterator = HTTPBody(stream).makeAsyncIterator()
        let first = try await iterator.nextAvailable()
        let second = try await iterator.nextAvailable()
        let end = try await iterator.nextAvailable()
        XCTAssertEqual(first, [[1, 2]])
        XCTAssertEqual(second, [[3]])
        XCTAssertNil(end)
    }
}
