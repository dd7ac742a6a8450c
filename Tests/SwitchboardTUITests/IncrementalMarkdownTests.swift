import XCTest
@testable import SwitchboardTUI

final class IncrementalMarkdownTests: XCTestCase {
    let renderer = MarkdownRenderer(styles: MarkdownStyles())
    let sample = """
        # Plan

        Some **bold** text that is long enough to wrap across a couple of lines here.

        ```python
        def f(x):
            return x * 2
        ```

        - one
        - two *three*
        > a quote
        """

    func testStreamingInAnyPiecesGivesTheSameLinesAsRenderingAtOnce() {
        let whole = renderer.render(sample, width: 30).0
        for step in [1, 2, 3, 7, 13] {
            var incremental = IncrementalMarkdown(renderer: renderer, width: 30)
            var text = ""
            var index = sample.startIndex
            while index < sample.endIndex {
                let end = sample.index(index, offsetBy: step, limitedBy: sample.endIndex) ?? sample.endIndex
                text += sample[index..<end]
                incremental.update(to: text)
                index = end
            }
            XCTAssertEqual(incremental.lines, whole, "step \(step)")
        }
    }

    func testCompleteLinesAreNotRenderedAgain() {
        var incremental = IncrementalMarkdown(renderer: renderer, width: 40)
        var text = "first line\nsecond line\n"
        incremental.update(to: text)
        let firstTwo = incremental.lines
        text += "third"
        incremental.update(to: text)
        XCTAssertEqual(Array(incremental.lines.prefix(2)), Array(firstTwo.prefix(2)))
        XCTAssertEqual(incremental.lines.map(\.text), ["first line", "second line", "third"])
    }

    func testFinalStateCountsAnOpenBlock() {
        var incremental = IncrementalMarkdown(renderer: renderer, width: 40, firstCodeBlock: 3)
        incremental.update(to: "```\ncode")
        XCTAssertEqual(incremental.finalState.nextCodeBlock, 4)
        XCTAssertTrue(incremental.finalState.insideCodeBlock)
    }

    func testUnchangedTextIsANoOp() {
        var incremental = IncrementalMarkdown(renderer: renderer, width: 40)
        incremental.update(to: "abc")
        let before = incremental.lines
        incremental.update(to: "abc")
        XCTAssertEqual(incremental.lines, before)
    }
}
