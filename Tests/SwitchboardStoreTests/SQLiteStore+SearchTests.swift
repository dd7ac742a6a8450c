import XCTest
@testable import SwitchboardStore
import SwitchboardCore

final class SQLiteStoreSearchTests: XCTestCase {
    func testFindsEnglishWordsWithHighlightedSnippet() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let session = try store.createSession(firstPrompt: "Databases", model: "openai/gpt-4o-mini")
        try store.storeTurn(session: session.id, prompt: "How does WAL mode work in SQLite?",
                            reply: "In WAL mode, writers append pages to a separate log file while readers continue.")
        try store.storeTurn(session: session.id, prompt: "Tell me about penguins", reply: "Penguins live in the south.")
        let hits = try store.search("wal")
        XCTAssertEqual(hits.count, 2)
        XCTAssertTrue(hits.allSatisfy { $0.sessionID == session.id })
        let marked = try XCTUnwrap(hits.first).markedSnippet(open: "[", close: "]")
        XCTAssertTrue(marked.contains("[WAL]"), marked)
    }

    func testFindsChineseWordInsideUnspacedText() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let session = try store.createSession(firstPrompt: "中文", model: nil)
        try store.storeTurn(session: session.id, prompt: "我们正在测试数据库的全文搜索功能", reply: "好的，没有问题。")
        try store.storeTurn(session: session.id, prompt: "今天天气很好", reply: "数据很多")
        let hits = try store.search("数据库")
        XCTAssertEqual(hits.count, 1)
        XCTAssertEqual(try XCTUnwrap(hits.first).markedSnippet(open: "[", close: "]"), "我们正在测试[数据库]的全文搜索功能")
        XCTAssertEqual(try store.search("据库的全").count, 1)
        XCTAssertEqual(try store.search("数据").count, 2)
    }
}
