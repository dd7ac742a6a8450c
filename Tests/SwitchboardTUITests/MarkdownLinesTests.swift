import XCTest
@testable import SwitchboardTUI

/// The byte scans that stand in for character-by-character work in the Markdown code give the same answers.
final class MarkdownLinesTests: XCTestCase {
    func testLinesAreWhatSplittingOnNewlineGives() {
        let texts = ["", "\n", "\n\n", "one", "one\n", "one\ntwo", "a\r\nb\nc", "\r\n", "x\r\r\ny", "é\n\u{301}x",
                     "```swift\nlet a = 1\n```\n", "漢字\nかな\n\n", "tail\r", "\n\u{1F468}\u{200D}\u{1F469}\n"]
        for text in texts {
            XCTAssertEqual(Array(MarkdownLines(text)), text.split(separator: "\n", omittingEmptySubsequences: false),
                           text.debugDescription)
        }
    }

    func testClosingFenceAfterUnicodeSpaceStillCloses() {
        // NBSP and the ideographic space are whitespace to the full check: the quick byte test must not refuse them.
        XCTAssertEqual(CodeBlocks.extract(from: "```\ncode\n\u{00A0}```\nafter"), [CodeBlocks.Block(language: "", code: "code")])
        XCTAssertEqual(CodeBlocks.extract(from: "~~~\ncode\n\t\u{3000}~~~~  \nafter").map(\.code), ["code"])
        XCTAssertEqual(CodeBlocks.extract(from: "```\n  x```\n`\n```").map(\.code), ["  x```\n`"])
        XCTAssertEqual(CodeBlocks.count(in: "```a\n```\n~~~\n~~~\n```\nopen"), 3)
    }

    func testRulesAndTableRowsAfterTheQuickTests() {
        for rule in ["---", "  * * *", "___", "- - -", "\u{00A0}---"] as [Substring] {
            XCTAssertEqual(MarkdownRenderer.isRule(rule), rule.filter { $0 != " " }.allSatisfy { $0 == "-" || $0 == "*" || $0 == "_" }
                           && rule.filter { $0 != " " }.count >= 3, String(rule))
        }
        XCTAssertFalse(MarkdownRenderer.isRule("a---"))
        XCTAssertFalse(MarkdownRenderer.isRule(" -\u{301}--"))
        XCTAssertNil(MarkdownTable.cells(of: "no pipe here"))
        XCTAssertNil(MarkdownTable.cells(of: "escaped \\| only"))
        XCTAssertEqual(MarkdownTable.cells(of: "| a | b |"), ["a", "b"])
    }
}
