import XCTest
@testable import SwitchboardTUI

final class CodeBlocksTests: XCTestCase {
    func testExtractsEachBlockWithItsLanguage() {
        let text = "intro\n```swift\nlet x = 1\nprint(x)\n```\nmid\n~~~\nplain\n~~~"
        XCTAssertEqual(CodeBlocks.extract(from: text), [
            CodeBlocks.Block(language: "swift", code: "let x = 1\nprint(x)"),
            CodeBlocks.Block(language: "", code: "plain"),
        ])
        XCTAssertEqual(CodeBlocks.count(in: text), 2)
    }

    func testIndentedFenceDropsItsIndent() {
        XCTAssertEqual(CodeBlocks.extract(from: "1. step\n   ```sh\n   ls -l\n   ```").first?.code, "ls -l")
    }

    func testAnOpenBlockCounts() {
        XCTAssertEqual(CodeBlocks.extract(from: "```\nstill typing").map(\.code), ["still typing"])
    }

    func testNoFencesNoBlocks() {
        XCTAssertEqual(CodeBlocks.count(in: "`inline` only"), 0)
    }
}
