import XCTest
@testable import SwitchboardCore

/// Anthropic reports 5-minute and 1-hour cache writes together in `cache_creation_input_tokens` and apart in
/// `cache_creation`; they are billed apart ($3.75/M and $6/M on Claude Sonnet 4.5), so Usage keeps them apart.
final class AnthropicCacheWriteTests: XCTestCase {
    private static let stream = """
        event: message_start
        data: {"type":"message_start","message":{"model":"claude-sonnet-4-5","usage":{"input_tokens":100,"cache_creation_input_tokens":3000,"cache_read_input_tokens":5000,"cache_creation":{"ephemeral_5m_input_tokens":1000,"ephemeral_1h_input_tokens":2000},"output_tokens":1}}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"ok"}}

        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":300,"cache_creation_input_tokens":3000}}

        event: message_stop
        data: {"type":"message_stop"}


        """

    private func usage(fastScan: Bool, _ text: String = AnthropicCacheWriteTests.stream) throws -> Usage? {
        let decoder = AnthropicStreamDecoder(provider: "anthropic", fastScan: fastScan)
        let events = try decoder.consume(Array(text.utf8)) + decoder.finish()
        return events.compactMap { if case .usage(let usage) = $0 { usage } else { nil } }.last
    }

    func testOneHourWritesAreSplitFromFiveMinuteOnesAndPricedApart() throws {
        for fast in [true, false] {
            let usage = try XCTUnwrap(try usage(fastScan: fast))
            XCTAssertEqual(usage, Usage(input: 100, output: 300, cacheRead: 5000, cacheWrite: 1000, cacheWrite1h: 2000), "fast: \(fast)")
            let sonnet = Price(input: Decimal(string: "0.000003"), output: Decimal(string: "0.000015"),
                               cacheRead: Decimal(string: "0.0000003"), cacheWrite: Decimal(string: "0.00000375"),
                               cacheWrite1h: Decimal(string: "0.000006"))
            // 100×3 + 300×15 + 5000×0.3 + 1000×3.75 + 2000×6 = 300 + 4500 + 1500 + 3750 + 12000 = 22,050 micro-dollars.
            XCTAssertEqual(sonnet.cost(of: usage), Money(Decimal(string: "0.02205")!))
        }
    }

    func testWithoutTheSplitEveryWriteIsAFiveMinuteOne() throws {
        let plain = Self.stream.replacingOccurrences(
            of: #","cache_creation":{"ephemeral_5m_input_tokens":1000,"ephemeral_1h_input_tokens":2000}"#, with: "")
        for fast in [true, false] {
            XCTAssertEqual(try usage(fastScan: fast, plain), Usage(input: 100, output: 300, cacheRead: 5000, cacheWrite: 3000))
        }
    }

    func testTheFastScanReadsTheSplitWithoutFallingBack() {
        let event = #"{"type":"message_start","message":{"model":"m","usage":{"input_tokens":1,"cache_creation_input_tokens":3,"cache_creation":{"ephemeral_5m_input_tokens":1,"ephemeral_1h_input_tokens":2},"output_tokens":1}}}"#
        XCTAssertNoThrow(try AnthropicStreamDecoder.Wire.Event.scan(event, eventName: "message_start"))
    }
}
