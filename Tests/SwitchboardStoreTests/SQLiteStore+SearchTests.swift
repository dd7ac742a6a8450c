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

final class SQLiteStoreSearchRankingTests: XCTestCase {
    func testPhrasesMustBeAdjacentAndRankingPrefersDenseMatches() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let session = try store.createSession(firstPrompt: "ranking", model: nil)
        try store.storeTurn(session: session.id, prompt: "the log is written ahead of the data pages, then synced",
                            reply: "A long reply that mentions nothing relevant at all, padded with many other words here.")
        try store.storeTurn(session: session.id, prompt: "write ahead log basics", reply: "The write ahead log, or WAL, ahead of all.")
        let phrase = try store.search("\"write ahead log\"")
        XCTAssertEqual(phrase.count, 2, "both messages of the second turn hold the phrase")
        XCTAssertTrue(phrase.allSatisfy { $0.markedSnippet(open: "[", close: "]").contains("[write] [ahead] [log]") })
        let loose = try store.search("ahead log")
        XCTAssertEqual(loose.count, 3)
        XCTAssertEqual(loose.last?.markedSnippet(open: "[", close: "]").hasPrefix("the [log] is written [ahead]"), true)
    }

    func testPunctuatedWordsAndPrefixes() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let session = try store.createSession(firstPrompt: "models", model: nil)
        try store.storeTurn(session: session.id, prompt: "Is gpt-4o faster than 4o gpt?", reply: "gpt 4o wins")
        XCTAssertEqual(try store.search("gpt-4o").count, 2, "adjacent tokens only: not '4o gpt'")
        XCTAssertEqual(try store.search("fast*").count, 1)
        XCTAssertEqual(try store.search("OR NOT \"").count, 0, "operators are plain words, not syntax errors")
        XCTAssertEqual(try store.search("!!!"), [])
    }

    func testRankingIsBoundedToRecentCandidates() throws {
        XCTAssertGreaterThanOrEqual(SQLiteStore.searchCandidateLimit, 100)
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let session = try store.createSession(firstPrompt: "many", model: nil)
        for index in 0..<30 {
            try store.storeTurn(session: session.id, prompt: "common word \(index)", reply: "reply \(index)")
        }
        XCTAssertEqual(try store.search("common", limit: 5).count, 5)
        XCTAssertEqual(try store.search("common", limit: 50).count, 30)
    }
}

/// A query's size is bounded: repeats cost nothing, and too many different terms are refused at once.
final class SQLiteStoreSearchBoundsTests: XCTestCase {
    func testRepeatedTermsAreSearchedOnce() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let session = try store.createSession(firstPrompt: "x", model: nil)
        for index in 0..<200 {
            try store.appendUserMessage(session: session.id, turn: UUID(), text: "heron \(index) heron heron")
        }
        let query = Array(repeating: "heron", count: 2_000).joined(separator: " ")
        let started = Date()
        XCTAssertEqual(try store.search(query, limit: 5).count, 5)
        XCTAssertLessThan(Date().timeIntervalSince(started), 1, "2,000 repeats must cost about one term")
    }

    func testTooManyDifferentTermsAreRefused() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let query = (0..<(SearchQuery.maximumTerms + 1)).map { "word\($0)" }.joined(separator: " ")
        XCTAssertThrowsError(try store.search(query)) { error in
            guard case .invalidQuery(let detail)? = error as? StoreError else { return XCTFail("\(error)") }
            XCTAssertTrue(detail.contains("at most \(SearchQuery.maximumTerms)"), detail)
        }
        let phrase = "\"" + (0..<(SearchQuery.maximumTokens + 1)).map { "w\($0)" }.joined(separator: " ") + "\""
        XCTAssertThrowsError(try store.search(phrase))
        XCTAssertEqual(try store.search((0..<SearchQuery.maximumTerms).map { "word\($0)" }.joined(separator: " ")), [])
    }
}
