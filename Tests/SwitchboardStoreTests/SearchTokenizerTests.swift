import GRDB
import XCTest
@testable import SwitchboardStore

final class SearchTokenizerTests: XCTestCase {
    private func tokens(_ text: String) throws -> [String] {
        let queue = try DatabaseQueue()
        return try queue.write { db in
            db.add(tokenizer: SearchTokenizer.self)
            return try db.makeTokenizer(SearchTokenizer.tokenizerDescriptor()).tokenize(document: text).map(\.token)
        }
    }

    func testLatinTextIsFoldedLikeUnicode61() throws {
        XCTAssertEqual(try tokens("Héllo, WORLD gpt-4o"), ["hello", "world", "gpt", "4o"])
    }

    func testCJKRunsBecomeOneTokenPerCharacter() throws {
        XCTAssertEqual(try tokens("数据库的搜索"), ["数", "据", "库", "的", "搜", "索"])
        XCTAssertEqual(try tokens("ひらがなカタカナ"), ["ひ", "ら", "が", "な", "カ", "タ", "カ", "ナ"])
        XCTAssertEqual(try tokens("한국어"), ["한", "국", "어"])
    }

    func testMixedTokensKeepLatinPartsWhole() throws {
        XCTAssertEqual(try tokens("SQLite数据库v3"), ["sqlite", "数", "据", "库", "v3"])
    }

    func testHighlightOffsetsPointAtTheCharacters() throws {
        let queue = try DatabaseQueue()
        let highlighted = try queue.write { db -> String? in
            db.add(tokenizer: SearchTokenizer.self)
            try db.execute(sql: "CREATE VIRTUAL TABLE t USING fts5(body, tokenize='\(SearchTokenizer.name)')")
            try db.execute(sql: "INSERT INTO t VALUES ('Intro: SQLite数据库很快')")
            return try String.fetchOne(db, sql: "SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH '\"数据库\"'")
        }
        XCTAssertEqual(highlighted, "Intro: SQLite[数据库]很快")
    }

    func testClassifiesScripts() {
        XCTAssertTrue(CJKSplitter.isCJK(0x6570))     // 数
        XCTAssertTrue(CJKSplitter.isCJK(0x30AB))     // カ
        XCTAssertTrue(CJKSplitter.isCJK(0xD55C))     // 한
        XCTAssertTrue(CJKSplitter.isCJK(0x20000))    // extension B
        XCTAssertFalse(CJKSplitter.isCJK(0x41))      // A
        XCTAssertFalse(CJKSplitter.isCJK(0x00E9))    // é
        XCTAssertFalse(CJKSplitter.isCJK(0x0416))    // Ж
        XCTAssertFalse(CJKSplitter.isCJK(0x3002))    // 。 punctuation stays a separator
    }
}
