import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

final class TranscriptLayoutTests: XCTestCase {
    private func transcript(_ count: Int, words: Int = 40) -> [TranscriptEntry] {
        var transcript = Transcript()
        for index in 0..<count {
            transcript.append(.user, text: "question \(index)")
            var meta = ReplyMeta(requestedModel: "demo/mini")
            meta.status = .complete
            transcript.append(.assistant(meta), text: String(repeating: "answer\(index) ", count: words))
        }
        return transcript.entries
    }

    func testBottomAnchorShowsTheLastScreenful() {
        let layout = TranscriptLayout(theme: .builtinDefault)
        let entries = transcript(10)
        let lines = layout.visibleLines(entries, anchor: nil, width: 40, height: 8)
        XCTAssertEqual(lines.count, 8)
        XCTAssertEqual(lines.last, StyledLine.blank, "every entry ends with a blank line")
        XCTAssertTrue(lines.map(\.text).joined().contains("answer9"))
    }

    func testMovingUpAndDownByLinesIsExact() {
        let layout = TranscriptLayout(theme: .builtinDefault)
        let entries = transcript(10)
        let bottom = layout.bottomAnchor(entries, width: 40, height: 8)
        let up = layout.move(nil, by: -3, entries, width: 40, height: 8)
        let expected = layout.visibleLines(entries, anchor: bottom, width: 40, height: 8)
        let shifted = layout.visibleLines(entries, anchor: up, width: 40, height: 11)
        XCTAssertEqual(Array(shifted.suffix(8)), expected)
        XCTAssertNil(layout.move(up, by: 3, entries, width: 40, height: 8), "back at the end: follow")
    }

    func testTopClampsAtTheFirstLine() {
        let layout = TranscriptLayout(theme: .builtinDefault)
        let entries = transcript(3)
        XCTAssertEqual(layout.move(nil, by: -10_000, entries, width: 40, height: 5), ScrollAnchor(entry: 0, line: 0))
    }

    func testOnlyVisibleEntriesAreRenderedInALongSession() {
        let layout = TranscriptLayout(theme: .builtinDefault)
        let entries = transcript(5_000)
        _ = layout.visibleLines(entries, anchor: nil, width: 60, height: 30)
        XCTAssertLessThan(layout.cachedBodyCount, 20)
    }

    func testBudgetEvictsLeastRecentlyUsedBodies() {
        let layout = TranscriptLayout(theme: .builtinDefault)
        layout.lineBudget = 200
        let entries = transcript(200, words: 30)
        for index in stride(from: 0, to: entries.count, by: 10) {
            _ = layout.visibleLines(entries, anchor: ScrollAnchor(entry: index, line: 0), width: 40, height: 20)
        }
        XCTAssertLessThan(layout.cachedBodyCount, 60)
        let fresh = TranscriptLayout(theme: .builtinDefault)
        XCTAssertEqual(layout.visibleLines(entries, anchor: ScrollAnchor(entry: 3, line: 0), width: 40, height: 20),
                       fresh.visibleLines(entries, anchor: ScrollAnchor(entry: 3, line: 0), width: 40, height: 20))
    }

    func testStreamingReplyIsExtendedNotRebuilt() {
        let layout = TranscriptLayout(theme: .builtinDefault)
        var transcript = Transcript()
        let id = transcript.append(.assistant(ReplyMeta(requestedModel: "m")), text: "")
        var heights: [Int] = []
        for step in 0..<50 {
            transcript.appendText("word\(step) ", to: id)
            heights.append(layout.height(of: transcript.entries[0], width: 30))
        }
        XCTAssertEqual(heights, heights.sorted(), "heights only grow while text is appended")
        let fresh = TranscriptLayout(theme: .builtinDefault)
        XCTAssertEqual(layout.lines(of: transcript.entries[0], width: 30).body, fresh.lines(of: transcript.entries[0], width: 30).body)
    }
}
