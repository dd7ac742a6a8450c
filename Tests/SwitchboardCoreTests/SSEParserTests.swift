import XCTest
@testable import SwitchboardCore

final class SSEParserTests: XCTestCase {
    private func parse(_ text: String) -> [SSEEvent] {
        var parser = SSEParser()
        return parser.feed(Array(text.utf8)) + parser.finish()
    }

    private func parse(chunks: [[UInt8]]) -> [SSEEvent] {
        var parser = SSEParser()
        var events: [SSEEvent] = []
        for chunk in chunks { events += parser.feed(chunk) }
        return events + parser.finish()
    }

    func testLineEndingsLFCRLFAndCRAreEquivalent() {
        let expected = [SSEEvent(data: "one"), SSEEvent(data: "two")]
        XCTAssertEqual(parse("data: one\n\ndata: two\n\n"), expected)
        XCTAssertEqual(parse("data: one\r\n\r\ndata: two\r\n\r\n"), expected)
        XCTAssertEqual(parse("data: one\r\rdata: two\r\r"), expected)
        XCTAssertEqual(parse("data: one\r\n\ndata: two\r\r\n"), expected)
    }

    func testCRAndLFSplitAcrossChunksIsOneLineEnd() {
        // If the split CRLF were two line ends, the blank line would dispatch "a" alone.
        let chunks: [[UInt8]] = [Array("data: a\r".utf8), Array("\ndata: b\r".utf8), Array("\n\r".utf8), Array("\n".utf8)]
        XCTAssertEqual(parse(chunks: chunks), [SSEEvent(data: "a\nb")])
    }

    func testLoneCRAtChunkEndFollowedByDataIsALineEnd() {
        let chunks: [[UInt8]] = [Array("data: a\r".utf8), Array("\rdata: b\n\n".utf8)]
        XCTAssertEqual(parse(chunks: chunks), [SSEEvent(data: "a"), SSEEvent(data: "b")])
    }

    func testMultipleDataLinesJoinWithNewline() {
        XCTAssertEqual(parse("data: first\ndata:second\ndata:  third\n\n"), [SSEEvent(data: "first\nsecond\n third")])
    }

    func testEmptyDataLineStillDispatches() {
        XCTAssertEqual(parse("data\n\ndata:\n\n"), [SSEEvent(data: ""), SSEEvent(data: "")])
        XCTAssertEqual(parse("data\ndata\n\n"), [SSEEvent(data: "\n")])
    }

    func testEventNamesAndIDs() {
        let events = parse("event: message_start\ndata: {}\n\nid: 7\ndata: x\n\nevent: ping\ndata: y\n\n")
        XCTAssertEqual(events, [
            SSEEvent(event: "message_start", data: "{}"),
            SSEEvent(event: nil, data: "x", id: "7"),
            SSEEvent(event: "ping", data: "y", id: "7"),
        ])
    }

    func testCommentsAreSkipped() {
        let text = ": OPENROUTER PROCESSING\n\n: keep-alive\ndata: a\n:another\n\n"
        XCTAssertEqual(parse(text), [SSEEvent(data: "a")])
    }

    func testEventWithoutDataIsNotDispatchedAndNameDoesNotLeak() {
        XCTAssertEqual(parse("event: lonely\n\ndata: next\n\n"), [SSEEvent(data: "next")])
    }

    func testUnknownFieldsAndRetryAreIgnored() {
        XCTAssertEqual(parse("retry: 1000\nfoo: bar\ndata: z\n\n"), [SSEEvent(data: "z")])
    }

    func testIncompleteEventAtEOFIsDropped() {
        var parser = SSEParser()
        XCTAssertEqual(parser.feed(Array("data: done\n\ndata: partial\n".utf8)), [SSEEvent(data: "done")])
        XCTAssertTrue(parser.hasIncompleteEvent)
        XCTAssertEqual(parser.finish(), [])
        XCTAssertFalse(parser.hasIncompleteEvent)
    }

    func testLeadingBOMIsIgnoredEvenWhenSplit() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("data: a\n\n".utf8)
        XCTAssertEqual(parse(chunks: [bytes]), [SSEEvent(data: "a")])
        XCTAssertEqual(parse(chunks: bytes.map { [$0] }), [SSEEvent(data: "a")])
        // Only a leading one: a BOM later in the stream is data.
        XCTAssertEqual(parse(chunks: [Array("data: a\n\n".utf8), bytes]).count, 1)
    }

    func testUTF8SplitAtEveryByteOffsetComesOutIntact() {
        let text = "data: héllo 世界 👩‍💻 ok\nevent: ünï\n\n"
        let bytes = Array(text.utf8)
        let expected = [SSEEvent(event: "ünï", data: "héllo 世界 👩‍💻 ok")]
        for cut in 0...bytes.count {
            XCTAssertEqual(parse(chunks: [Array(bytes[..<cut]), Array(bytes[cut...])]), expected, "cut at \(cut)")
        }
    }

    func testEveryChunkingGivesTheSameEvents() {
        let sample = "\u{FEFF}: comment\r\nevent: a\r\ndata: {\"x\":\"é\"}\r\n\r\ndata: 1\rdata: 2\r\rid: 9\ndata: [DONE]\n\n"
        let bytes = Array(sample.utf8)
        let whole = parse(chunks: [bytes])
        XCTAssertEqual(whole, [
            SSEEvent(event: "a", data: "{\"x\":\"é\"}"),
            SSEEvent(data: "1\n2"),
            SSEEvent(data: "[DONE]", id: "9"),
        ])
        XCTAssertEqual(parse(chunks: bytes.map { [$0] }), whole)
        for first in 0...bytes.count {
            for second in first...bytes.count where (second - first) % 3 == 0 {
                let chunks = [Array(bytes[..<first]), Array(bytes[first..<second]), Array(bytes[second...])]
                XCTAssertEqual(parse(chunks: chunks), whole, "cuts \(first), \(second)")
            }
        }
    }

    func testEmptyChunksChangeNothing() {
        XCTAssertEqual(parse(chunks: [[], Array("data: a\n".utf8), [], Array("\n".utf8), []]), [SSEEvent(data: "a")])
    }
}
