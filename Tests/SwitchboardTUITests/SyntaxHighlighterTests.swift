import XCTest
@testable import SwitchboardTUI

/// The table-driven lexer: keywords, strings, comments and numbers per language family, and what a line leaves
/// open for the next one.
final class SyntaxHighlighterTests: XCTestCase {
    private typealias T = SyntaxHighlighter.Token

    private func tokens(_ line: String, _ language: String, carry: inout SyntaxCarry) -> [T] {
        guard let grammar = SyntaxLanguage(fenceInfo: language)?.grammar else {
            XCTFail("no grammar for \(language)")
            return []
        }
        return SyntaxHighlighter.tokens(of: line, grammar: grammar, carry: &carry)
    }

    private func tokens(_ line: String, _ language: String) -> [T] {
        var carry = SyntaxCarry.none
        let result = tokens(line, language, carry: &carry)
        XCTAssertEqual(carry, .none, line)
        return result
    }

    func testSwiftKeywordsNumbersStringsAndComments() {
        XCTAssertEqual(tokens(#"let x = 42 + 0x1F // answer"#, "swift"), [
            T(text: "let", kind: .keyword), T(text: " x = ", kind: .plain), T(text: "42", kind: .number),
            T(text: " + ", kind: .plain), T(text: "0x1F", kind: .number), T(text: " ", kind: .plain),
            T(text: "// answer", kind: .comment),
        ])
        XCTAssertEqual(tokens(#"@MainActor func f() -> String { "a \"q\" b" }"#, "swift"), [
            T(text: "@MainActor", kind: .keyword), T(text: " ", kind: .plain), T(text: "func", kind: .keyword),
            T(text: " f() -> String { ", kind: .plain), T(text: #""a \"q\" b""#, kind: .string), T(text: " }", kind: .plain),
        ])
    }

    func testNumbersInsideWordsAndRangesAreNotMisread() {
        XCTAssertEqual(tokens("for i in 0..<10 { v2 = 1.5e-3 }", "swift"), [
            T(text: "for", kind: .keyword), T(text: " i ", kind: .plain), T(text: "in", kind: .keyword),
            T(text: " ", kind: .plain), T(text: "0", kind: .number), T(text: "..<", kind: .plain),
            T(text: "10", kind: .number), T(text: " { v2 = ", kind: .plain), T(text: "1.5e-3", kind: .number),
            T(text: " }", kind: .plain),
        ])
    }

    func testABlockCommentCarriesOverLines() {
        var carry = SyntaxCarry.none
        XCTAssertEqual(tokens("int a; /* one", "c", carry: &carry), [
            T(text: "int", kind: .keyword), T(text: " a; ", kind: .plain), T(text: "/* one", kind: .comment),
        ])
        XCTAssertEqual(carry, .comment(close: Array("*/".utf8)))
        XCTAssertEqual(tokens("two */ return 0;", "c", carry: &carry), [
            T(text: "two */", kind: .comment), T(text: " ", kind: .plain), T(text: "return", kind: .keyword),
            T(text: " ", kind: .plain), T(text: "0", kind: .number), T(text: ";", kind: .plain),
        ])
        XCTAssertEqual(carry, .none)
    }

    func testPythonTripleQuotedStringsCarryAndHashCommentsEndTheLine() {
        var carry = SyntaxCarry.none
        XCTAssertEqual(tokens(#"def f(s='x'):  # note"#, "py", carry: &carry), [
            T(text: "def", kind: .keyword), T(text: " f(s=", kind: .plain), T(text: "'x'", kind: .string),
            T(text: "):  ", kind: .plain), T(text: "# note", kind: .comment),
        ])
        XCTAssertEqual(tokens(#"    """Doc"#, "python", carry: &carry), [T(text: "    ", kind: .plain), T(text: "\"\"\"Doc", kind: .string)])
        XCTAssertEqual(tokens(#"more""" + None"#, "python", carry: &carry), [
            T(text: #"more""""#, kind: .string), T(text: " + ", kind: .plain), T(text: "None", kind: .keyword),
        ])
        XCTAssertEqual(carry, .none)
    }

    func testJavaScriptTemplateLiteralsSpanLinesAndDollarIsPartOfAWord() {
        var carry = SyntaxCarry.none
        XCTAssertEqual(tokens("const $if = `a", "ts", carry: &carry), [
            T(text: "const", kind: .keyword), T(text: " $if = ", kind: .plain), T(text: "`a", kind: .string),
        ])
        XCTAssertEqual(tokens("b`; return null", "javascript", carry: &carry), [
            T(text: "b`", kind: .string), T(text: "; ", kind: .plain), T(text: "return", kind: .keyword),
            T(text: " ", kind: .plain), T(text: "null", kind: .keyword),
        ])
    }

    func testRustLifetimesAreNotStringsButCharactersAre() {
        XCTAssertEqual(tokens("fn f<'a>(c: char) -> bool { c == 'x' }", "rust"), [
            T(text: "fn", kind: .keyword), T(text: " f<'a>(c: ", kind: .plain), T(text: "char", kind: .keyword),
            T(text: ") -> ", kind: .plain), T(text: "bool", kind: .keyword), T(text: " { c == ", kind: .plain),
            T(text: "'x'", kind: .string), T(text: " }", kind: .plain),
        ])
    }

    func testGoRawStringsKeepBackslashes() {
        XCTAssertEqual(tokens(#"var p = `C:\` + "\n""#, "go"), [
            T(text: "var", kind: .keyword), T(text: " p = ", kind: .plain), T(text: #"`C:\`"#, kind: .string),
            T(text: " + ", kind: .plain), T(text: #""\n""#, kind: .string),
        ])
    }

    func testCDirectivesAreKeywords() {
        XCTAssertEqual(tokens("#include <stdio.h>", "c++"), [
            T(text: "#include", kind: .keyword), T(text: " <stdio.h>", kind: .plain),
        ])
    }

    func testShellHashStartsACommentOnlyAfterSpace() {
        XCTAssertEqual(tokens("echo $# done-ish # count", "bash"), [
            T(text: "echo $# done-ish ", kind: .plain), T(text: "# count", kind: .comment),
        ])
        XCTAssertEqual(tokens("if [ -f x ]; then", "sh"), [
            T(text: "if", kind: .keyword), T(text: " [ -f x ]; ", kind: .plain), T(text: "then", kind: .keyword),
        ])
    }

    func testSQLKeywordsAnyCaseAndDashComments() {
        XCTAssertEqual(tokens("SELECT name FROM t WHERE id = 7 -- one", "sql"), [
            T(text: "SELECT", kind: .keyword), T(text: " name ", kind: .plain), T(text: "FROM", kind: .keyword),
            T(text: " t ", kind: .plain), T(text: "WHERE", kind: .keyword), T(text: " id = ", kind: .plain),
            T(text: "7", kind: .number), T(text: " ", kind: .plain), T(text: "-- one", kind: .comment),
        ])
    }

    func testJSONYAMLAndRuby() {
        XCTAssertEqual(tokens(#"{"a": [1, true, null]}"#, "json"), [
            T(text: "{", kind: .plain), T(text: #""a""#, kind: .string), T(text: ": [", kind: .plain),
            T(text: "1", kind: .number), T(text: ", ", kind: .plain), T(text: "true", kind: .keyword),
            T(text: ", ", kind: .plain), T(text: "null", kind: .keyword), T(text: "]}", kind: .plain),
        ])
        XCTAssertEqual(tokens("key: 'v' # c", "yml"), [
            T(text: "key: ", kind: .plain), T(text: "'v'", kind: .string), T(text: " ", kind: .plain),
            T(text: "# c", kind: .comment),
        ])
        XCTAssertEqual(tokens("return x if defined?(x)", "rb"), [
            T(text: "return", kind: .keyword), T(text: " x ", kind: .plain), T(text: "if", kind: .keyword),
            T(text: " ", kind: .plain), T(text: "defined?", kind: .keyword), T(text: "(x)", kind: .plain),
        ])
    }

    func testJavaAnnotationsAndTextBlocks() {
        var carry = SyntaxCarry.none
        XCTAssertEqual(tokens(#"@Override public String s = """"#, "java", carry: &carry), [
            T(text: "@Override", kind: .keyword), T(text: " ", kind: .plain), T(text: "public", kind: .keyword),
            T(text: " String s = ", kind: .plain), T(text: "\"\"\"", kind: .string),
        ])
        XCTAssertNotEqual(carry, .none)
    }

    func testNonASCIITextIsKeptWhole() {
        XCTAssertEqual(tokens(#"let s = "日本" // 語"#, "swift"), [
            T(text: "let", kind: .keyword), T(text: " s = ", kind: .plain), T(text: #""日本""#, kind: .string),
            T(text: " ", kind: .plain), T(text: "// 語", kind: .comment),
        ])
        XCTAssertEqual(tokens("let c = 'é';", "rust"), [
            T(text: "let", kind: .keyword), T(text: " c = ", kind: .plain), T(text: "'é'", kind: .string),
            T(text: ";", kind: .plain),
        ])
    }

    func testUnknownLanguagesAreNotHighlighted() {
        XCTAssertNil(SyntaxLanguage(fenceInfo: "brainfuck"))
        XCTAssertEqual(SyntaxLanguage(fenceInfo: "TypeScript"), .javascript)
    }
}
