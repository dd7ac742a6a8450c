import XCTest
@testable import SwitchboardStore

final class SearchQueryTests: XCTestCase {
    func testWordsAreQuotedAndAnded() {
        XCTAssertEqual(SearchQuery.expression("wal mode"), "\"wal\" \"mode\"")
    }

    func testOperatorsAndPunctuationAreJustText() {
        XCTAssertEqual(SearchQuery.expression("gpt-4o OR NOT col:x"), "\"gpt-4o\" \"OR\" \"NOT\" \"col:x\"")
    }

    func testQuotedPhraseStaysTogether() {
        XCTAssertEqual(SearchQuery.expression("say \"write ahead log\" now"), "\"say\" \"write ahead log\" \"now\"")
    }

    func testTrailingStarMakesAPrefix() {
        XCTAssertEqual(SearchQuery.expression("data* \"write ah\"*"), "\"data\"* \"write ah\"*")
    }

    func testEmbeddedQuoteIsDoubled() {
        XCTAssertEqual(SearchQuery.expression("it's a\"b"), "\"it's\" \"a\" \"b\"")
        XCTAssertEqual(SearchQuery.expression("\"unterminated phrase"), "\"unterminated phrase\"")
    }

    func testNothingSearchableGivesNil() {
        XCTAssertNil(SearchQuery.expression("  -- !! * "))
        XCTAssertNil(SearchQuery.expression(""))
    }
}
