import XCTest
@testable import SwitchboardCore

final class NDJSONReaderTests: XCTestCase {
    private func read(_ chunks: [[UInt8]]) -> [String] {
        var reader = NDJSONReader()
        var lines: [[UInt8]] = []
        for chunk in chunks { lines += reader.feed(chunk) }
        lines += reader.finish()
        return lines.map { String(decoding: $0, as: UTF8.self) }
    }

    func testSplitsOnNewlineAndSkipsBlankLines() {
        let text = "{\"a\":1}\n\n{\"b\":2}\r\n   \n{\"c\":3}\n"
        XCTAssertEqual(read([Array(text.utf8)]), ["{\"a\":1}", "{\"b\":2}", "{\"c\":3}"])
    }

    func testFinalLineWithoutNewlineComesFromFinish() {
        var reader = NDJSONReader()
        XCTAssertEqual(reader.feed(Array("{\"a\":1}\n{\"done\":true}".utf8)).count, 1)
        XCTAssertEqual(reader.finish().map { String(decoding: $0, as: UTF8.self) }, ["{\"done\":true}"])
        XCTAssertEqual(reader.finish(), [])
    }

    func testEveryChunkingGivesTheSameLines() {
        let text = "{\"message\":{\"content\":\"Hé 世界 👋\"},\"done\":false}\r\n\n{\"done\":true,\"eval_count\":17}\n{\"error\":\"x\"}"
        let bytes = Array(text.utf8)
        let whole = read([bytes])
        XCTAssertEqual(whole.count, 3)
        XCTAssertEqual(whole.first, "{\"message\":{\"content\":\"Hé 世界 👋\"},\"done\":false}")
        XCTAssertEqual(read(bytes.map { [$0] }), whole)
        for cut in 0...bytes.count {
            XCTAssertEqual(read([Array(bytes[..<cut]), [], Array(bytes[cut...])]), whole, "cut at \(cut)")
        }
    }
}
