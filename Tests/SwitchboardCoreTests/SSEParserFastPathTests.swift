import XCTest
@testable import SwitchboardCore

/// The parser's fast paths: line ends found eight bytes at a time, a lone `data:` line read in place, event
/// names reused from the previous event. Each must read exactly as the plain byte-by-byte rules do.
final class SSEParserFastPathTests: XCTestCase {
    private func parse(chunks: [[UInt8]]) -> [SSEEvent] {
        var parser = SSEParser()
        var events: [SSEEvent] = []
        for chunk in chunks { events += parser.feed(chunk) }
        return events + parser.finish()
    }

    /// A line end at every offset of an eight-byte word, each of LF, CR and CRLF.
    func testLineEndsAtEveryOffsetOfAWord() {
        for length in 0..<20 {
            for end in ["\n", "\r", "\r\n"] {
                let value = String(repeating: "v", count: length)
                let text = "data:" + value + end + end + "data: x" + end + end
                let events = parse(chunks: [Array(text.utf8)])
                XCTAssertEqual(events, [SSEEvent(data: value), SSEEvent(data: "x")], "length \(length) \(end.debugDescription)")
            }
        }
    }

    /// Names change from event to event and back; a reused name never leaks into an event that has another
    /// or none, however the bytes are cut.
    func testEventNamesReusedOnlyWhenTheyMatch() {
        let text = "event: content_block_delta\ndata: 1\n\nevent: content_block_deltb\ndata: 2\n\n"
            + "event: content_block_delta\ndata: 3\n\ndata: 4\n\nevent: content_block_delta\ndata: 5\ndata: 6\n\n"
        let expected = [
            SSEEvent(event: "content_block_delta", data: "1"), SSEEvent(event: "content_block_deltb", data: "2"),
            SSEEvent(event: "content_block_delta", data: "3"), SSEEvent(data: "4"),
            SSEEvent(event: "content_block_delta", data: "5\n6"),
        ]
        let bytes = Array(text.utf8)
        XCTAssertEqual(parse(chunks: [bytes]), expected)
        for cut in 0...bytes.count {
            XCTAssertEqual(parse(chunks: [Array(bytes[..<cut]), Array(bytes[cut...])]), expected, "cut at \(cut)")
        }
    }

    /// A `data:` line whose event ends in a later chunk is kept, not read from the chunk it came in (whose
    /// buffer is gone): the caller's array is overwritten after `feed` to prove it.
    func testDataLineOutlivesItsChunk() {
        var parser = SSEParser()
        var chunk = Array("data: first line\n".utf8)
        XCTAssertEqual(parser.feed(chunk), [])
        for index in chunk.indices { chunk[index] = UInt8(ascii: "#") }
        XCTAssertEqual(parser.feed(Array("\n".utf8)), [SSEEvent(data: "first line")])
        XCTAssertEqual(parser.feed(Array("data: a\n".utf8)) + parser.feed(Array("data: b\n\n".utf8)), [SSEEvent(data: "a\nb")])
    }
}
