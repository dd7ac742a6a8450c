import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

/// Following the end, the pane lays out each entry once; the rows must be the ones the bottom anchor shows.
final class TranscriptLayoutBottomRowsTests: XCTestCase {
    func testFollowingShowsWhatTheBottomAnchorShows() {
        var transcript = Transcript()
        transcript.append(.notice(.info), text: "system: be brief")
        for index in 0..<6 {
            transcript.append(.user, text: "question \(index)")
            var meta = ReplyMeta(requestedModel: "demo/mini")
            meta.status = index == 5 ? .streaming : .complete
            transcript.append(.assistant(meta), text: String(repeating: "answer\(index) ", count: 3 + index * 9))
            if index == 2 { transcript.append(.divider, text: "switched to demo/pro") }
        }
        let entries = transcript.entries
        for height in [1, 2, 3, 5, 8, 13, 40, 400] {
            for width in [12, 40] {
                let layout = TranscriptLayout(theme: .builtinDefault)
                let anchor = layout.bottomAnchor(entries, width: width, height: height)
                let expected = layout.visibleRows(entries, anchor: anchor, width: width, height: height)
                let following = layout.visibleRows(entries, anchor: nil, width: width, height: height)
                XCTAssertEqual(following.map(\.entry), expected.map(\.entry), "height \(height), width \(width)")
                XCTAssertEqual(following.map(\.line), expected.map(\.line), "height \(height), width \(width)")
            }
        }
        let layout = TranscriptLayout(theme: .builtinDefault)
        XCTAssertEqual(layout.visibleRows(Array(entries.prefix(1)), anchor: nil, width: 40, height: 10).count,
                       layout.lines(of: entries[0], width: 40).count, "shorter than the pane: all of it from the top")
    }
}
