import GRDB
import XCTest
@testable import SwitchboardStore

final class PhraseScannerTests: XCTestCase {
    private func check(_ text: String, _ phrases: [[String]]) throws -> Bool {
        let queue = try DatabaseQueue()
        return try queue.write { db in
            db.add(tokenizer: SearchTokenizer.self)
            let tokenizer = try db.makeTokenizer(SearchTokenizer.tokenizerDescriptor())
            return PhraseScanner(phrases: phrases).matches(text, tokenizer: tokenizer)
        }
    }

    func testFindsConsecutiveTokensAfterFolding() throws {
        XCTAssertTrue(try check("The Write-Ahead Log is fast", [["write", "ahead", "log"]]))
        XCTAssertFalse(try check("write the ahead log", [["write", "ahead", "log"]]))
        XCTAssertTrue(try check("Café au lait", [["cafe", "au"]]))
    }

    func testEveryPhraseMustOccur() throws {
        XCTAssertTrue(try check("gpt 4o and claude sonnet", [["gpt", "4o"], ["claude", "sonnet"]]))
        XCTAssertFalse(try check("gpt 4o and sonnet claude", [["gpt", "4o"], ["claude", "sonnet"]]))
    }

    func testCJKCharactersMustStandTogether() throws {
        XCTAssertTrue(try check("我们正在测试数据库的全文搜索功能", [["数", "据", "库"]]))
        XCTAssertFalse(try check("数据很多，库里也有", [["数", "据", "库"]]))
    }

    func testPhraseAtTheVeryEndAndLongerThanText() throws {
        XCTAssertTrue(try check("a b c", [["b", "c"]]))
        XCTAssertFalse(try check("a", [["a", "b"]]))
        XCTAssertTrue(try check("", []))
    }
}
