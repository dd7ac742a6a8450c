@testable import SwitchboardCore
import XCTest

/// The meter is recomputed every frame: each message must be tokenised once, not once per frame.
final class TokenCountCacheTests: XCTestCase {
    func testASecondPassOverAThousandMessagesTokenisesNothing() {
        let messages = (0..<1_000).map { index -> ChatMessage in
            index.isMultiple(of: 2) ? .user("Question \(index): what does the meter count, and why?")
                : .assistant(String(repeating: "It counts the request as sent, message \(index). ", count: 8))
        }
        let cache = TokenCountCache()
        let clock = ContinuousClock()
        var first = TokenCount.zero, second = TokenCount.zero
        let cold = clock.measure { first = RequestTokens.count(messages, counter: .exact(.o200kBase), cache: cache) }
        let missesAfterFirst = cache.misses
        let warm = clock.measure { second = RequestTokens.count(messages, counter: .exact(.o200kBase), cache: cache) }
        print("1,000 messages: first count \(cold.milliseconds) ms, second \(warm.milliseconds) ms")
        XCTAssertEqual(missesAfterFirst, 1_002, "each text once, and the two role names")
        XCTAssertEqual(cache.misses, missesAfterFirst, "the second pass is all hits")
        XCTAssertEqual(first, second)
        XCTAssertTrue(first.isExact)
        XCTAssertEqual(first, RequestTokens.count(messages, counter: .exact(.o200kBase)), "the cache changes no count")
    }

    /// Keyed by bytes: "é" precomposed and "e" + combining acute are equal Strings, but not the same tokens.
    func testCanonicallyEquivalentTextsAreCountedApart() throws {
        let composed = "caf\u{E9} " + String(repeating: "r\u{E9}sum\u{E9} ", count: 5)
        let decomposed = "cafe\u{301} " + String(repeating: "re\u{301}sume\u{301} ", count: 5)
        XCTAssertEqual(composed, decomposed)
        let tokenizer = try XCTUnwrap(TokenEncoding.cl100kBase.tokenizer)
        XCTAssertNotEqual(tokenizer.count(composed), tokenizer.count(decomposed))
        let cache = TokenCountCache()
        XCTAssertEqual(TokenCounter.exact(.cl100kBase).count(composed, cache: cache).tokens, tokenizer.count(composed))
        XCTAssertEqual(TokenCounter.exact(.cl100kBase).count(decomposed, cache: cache).tokens, tokenizer.count(decomposed))
        XCTAssertEqual(cache.misses, 2)
    }

    func testTheCacheStartsOverPastItsLimit() {
        let cache = TokenCountCache(limit: 3)
        let counter = TokenCounter.exact(.o200kBase)
        for text in ["a", "b", "c", "d"] { _ = counter.count(text, cache: cache) }
        _ = counter.count("d", cache: cache)
        XCTAssertEqual(cache.misses, 4, "d is still there")
        _ = counter.count("a", cache: cache)
        XCTAssertEqual(cache.misses, 5, "a was dropped when the fourth text arrived")
    }

    /// A long draft edited key by key must not be kept once per keystroke.
    func testTheCacheStartsOverPastItsBytes() {
        let cache = TokenCountCache(byteLimit: 1_000)
        let counter = TokenCounter.exact(.o200kBase)
        let draft = String(repeating: "word ", count: 150)
        _ = counter.count(draft, cache: cache)
        _ = counter.count(draft + "a", cache: cache)
        _ = counter.count(draft, cache: cache)
        XCTAssertEqual(cache.misses, 3, "the second 751-byte text pushed the first out")
        _ = counter.count(draft, cache: cache)
        XCTAssertEqual(cache.misses, 3)
    }
}
