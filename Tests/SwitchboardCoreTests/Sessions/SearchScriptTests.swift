import XCTest
import SwitchboardCore

/// The tokenizer's inlined test and the ranges the PostgreSQL search column is built from say the same of every
/// character: a search must cut words alike on both backends.
final class SearchScriptTests: XCTestCase {
    func testTheSwitchAndTheRangesAgreeOnEveryCodePoint() {
        for value in UInt32(0)...0x40010 {
            let inRanges = SearchScript.cjkRanges.contains { $0.contains(value) }
            if SearchScript.isCJK(value) != inRanges {
                return XCTFail(String(format: "U+%04X: isCJK says %@, cjkRanges %@", value,
                                      "\(SearchScript.isCJK(value))", "\(inRanges)"))
            }
        }
    }

    func testWordsAreCutAsTheIndexCutsThem() {
        XCTAssertEqual(SearchScript.words("Write-ahead LOG 数据库"), ["write", "ahead", "log", "数", "据", "库"])
    }
}
