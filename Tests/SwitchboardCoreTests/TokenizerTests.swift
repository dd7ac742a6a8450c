import Foundation
@testable import SwitchboardCore
import XCTest

/// The bundled BPE tokenizer against the real tiktoken: `TokenizerExpectations.swift` holds the ids tiktoken
/// 0.12.0 gave for prose, code, numbers, CJK, emoji, whitespace runs, contractions, 12,000 characters of the README
/// and 300 random strings of the characters the patterns treat specially.
final class TokenizerTests: XCTestCase {
    func testCl100kGivesTiktokensIDs() throws {
        try check(.cl100kBase, \.cl100k)
    }

    func testO200kGivesTiktokensIDs() throws {
        try check(.o200kBase, \.o200k)
    }

    private func check(_ encoding: TokenEncoding, _ expected: KeyPath<TokenizerExpectations.Case, String>,
                       file: StaticString = #filePath, line: UInt = #line) throws {
        let tokenizer = try XCTUnwrap(encoding.tokenizer)
        var failures: [String] = []
        for test in TokenizerExpectations.cases {
            let ids = test[keyPath: expected].split(separator: " ").compactMap { Int($0) }
            let got = tokenizer.encode(test.text)
            if got != ids { failures.append("\(test.name): \(got) != \(ids)") }
            XCTAssertEqual(tokenizer.count(test.text), ids.count, test.name, file: file, line: line)
        }
        XCTAssertEqual(failures, [], "\(failures.count) of \(TokenizerExpectations.cases.count) differ", file: file, line: line)
        XCTAssertGreaterThan(TokenizerExpectations.cases.count, 300)
    }

    func testTheRankFilesHoldEveryToken() throws {
        XCTAssertEqual(try TokenEncoding.cl100kBase.load().vocabularySize, 100_256)
        XCTAssertEqual(try TokenEncoding.o200kBase.load().vocabularySize, 199_998)
    }

    /// Copied byte for byte from shared/data: the digests in Encodings/SOURCES.md.
    func testTheBundledRankFilesAreTheRecordedOnes() throws {
        let expected: [TokenEncoding: String] = [
            .cl100kBase: "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
            .o200kBase: "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
        ]
        let sources = try String(contentsOf: try EncodingFiles.url(of: .o200kBase).deletingLastPathComponent()
            .appendingPathComponent("SOURCES.md"), encoding: .utf8)
        for (encoding, digest) in expected {
            let data = try Data(contentsOf: try EncodingFiles.url(of: encoding))
            XCTAssertEqual(SHA256.hex(data), digest, encoding.rawValue)
            XCTAssertTrue(sources.contains("| \(encoding.rawValue).tiktoken | "), "SOURCES.md lists \(encoding.rawValue)")
            XCTAssertTrue(sources.contains(digest), "SOURCES.md records the digest of \(encoding.rawValue)")
        }
    }

    /// Parsing o200k is the cost of the first count in a process. Debug builds are slow; the bound only catches
    /// a parser gone quadratic, and the time is printed for the record.
    func testParsingO200kIsFast() throws {
        let data = try Data(contentsOf: try EncodingFiles.url(of: .o200kBase))
        let clock = ContinuousClock()
        var ranks: BPERanks?
        let elapsed = try clock.measure { ranks = try BPERanks(parsing: data) }
        print("o200k_base: \(ranks?.count ?? 0) tokens parsed in \(elapsed.milliseconds) ms")
        XCTAssertLessThan(elapsed, .seconds(3))
    }

    func testMalformedRankFilesAreRefused() {
        XCTAssertThrowsError(try BPERanks(parsing: Data("IQ== 0\nI*== 1\n".utf8))) {
            XCTAssertEqual($0 as? BPERanks.ParseError, .badBase64(line: 2))
        }
        XCTAssertThrowsError(try BPERanks(parsing: Data("IQ== 0\nIg==\n".utf8))) {
            XCTAssertEqual($0 as? BPERanks.ParseError, .badRank(line: 2))
        }
        XCTAssertThrowsError(try BPERanks(parsing: Data("IQ== 0\nIQ== 1\n".utf8))) {
            XCTAssertEqual($0 as? BPERanks.ParseError, .duplicate(line: 2))
        }
        XCTAssertEqual(try BPERanks(parsing: Data("IQ== 0\n\nIg== 7".utf8)).count, 2, "a blank line and no final newline are fine")
    }

    /// `<|endoftext|>` in a message is text to count, never a special token (nor a trap).
    func testSpecialTokenTextIsCountedAsText() throws {
        let tokenizer = try TokenEncoding.cl100kBase.load()
        XCTAssertFalse(tokenizer.encode("<|endoftext|>").contains(100_257))
        XCTAssertGreaterThan(tokenizer.count("<|endoftext|>"), 1)
    }

    func testEmptyTextHasNoTokens() throws {
        XCTAssertEqual(try TokenEncoding.o200kBase.load().encode(""), [])
    }
}
