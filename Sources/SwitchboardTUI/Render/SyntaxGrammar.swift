import Foundation

/// The kinds of token code highlighting tells apart.
enum SyntaxKind: Hashable, Sendable {
    case plain, keyword, string, comment, number
}

/// What a code line leaves open for the next one: a block comment or a string that spans lines.
enum SyntaxCarry: Hashable, Sendable {
    case none
    case comment(close: [UInt8])
    case string(close: [UInt8], escapes: Bool)
}

/// A language family's lexical rules, as data: keywords, comment markers and string delimiters. All markers are
/// ASCII, so the lexer works on UTF-8 bytes and only ever cuts at ASCII bytes.
struct SyntaxGrammar: Sendable {
    struct Delimiter: Sendable {
        var open: [UInt8]
        var close: [UInt8]
        /// The string may run over several lines (Python's `"""`, JavaScript's backticks).
        var multiline = false
        /// A backslash escapes the next character (not in Go's raw strings or shell single quotes).
        var escapes = true

        static func quoted(_ open: String, _ close: String? = nil, multiline: Bool = false, escapes: Bool = true) -> Delimiter {
            Delimiter(open: Array(open.utf8), close: Array((close ?? open).utf8), multiline: multiline, escapes: escapes)
        }
    }

    var keywords: Set<String>
    /// SQL: `SELECT` and `select` are both keywords.
    var caseInsensitive = false
    var lineComments: [[UInt8]] = []
    /// `#` starts a comment only at the start of a line or after a space (shell `$#`, YAML `a#b`).
    var hashCommentNeedsSpace = false
    var blockComments: [(open: [UInt8], close: [UInt8])] = []
    /// Longest first: `"""` must be tried before `"`.
    var strings: [Delimiter] = []
    /// `'` starts a one-character literal (`'a'`, `'\n'`) only; otherwise it is plain (Rust lifetimes `'a`).
    var charLiterals = false
    /// A word right after one of these is a keyword too: `#include`, `#if`, `@MainActor`, `@decorator`.
    var directivePrefixes: [UInt8] = []
    /// Bytes besides letters, digits and `_` that belong to a word (`$` in JavaScript, `-` in shell, `?` in Ruby).
    var wordExtras: [UInt8] = []

    init(keywords: [String], caseInsensitive: Bool = false, lineComments: [String] = [], hashCommentNeedsSpace: Bool = false,
         blockComments: [(String, String)] = [], strings: [Delimiter] = [], charLiterals: Bool = false,
         directivePrefixes: String = "", wordExtras: String = "") {
        self.keywords = Set(caseInsensitive ? keywords.map { $0.lowercased() } : keywords)
        self.caseInsensitive = caseInsensitive
        self.lineComments = lineComments.map { Array($0.utf8) }
        self.hashCommentNeedsSpace = hashCommentNeedsSpace
        self.blockComments = blockComments.map { (Array($0.0.utf8), Array($0.1.utf8)) }
        self.strings = strings
        self.charLiterals = charLiterals
        self.directivePrefixes = Array(directivePrefixes.utf8)
        self.wordExtras = Array(wordExtras.utf8)
    }
}

/// The languages code blocks are highlighted in, found from a fence's info word (` ```ts `, ` ```c++ `).
enum SyntaxLanguage: Hashable, Sendable {
    case swift, python, javascript, go, rust, c, java, shell, json, yaml, toml, sql, ruby

    init?(fenceInfo: String) {
        guard let language = Self.aliases[fenceInfo.lowercased()] else { return nil }
        self = language
    }

    static let aliases: [String: SyntaxLanguage] = [
        "swift": .swift,
        "python": .python, "py": .python, "python3": .python,
        "javascript": .javascript, "js": .javascript, "jsx": .javascript, "mjs": .javascript, "cjs": .javascript,
        "typescript": .javascript, "ts": .javascript, "tsx": .javascript,
        "go": .go, "golang": .go,
        "rust": .rust, "rs": .rust,
        "c": .c, "h": .c, "cpp": .c, "c++": .c, "cc": .c, "cxx": .c, "hpp": .c, "objc": .c, "objective-c": .c,
        "java": .java, "kotlin": .java, "kt": .java, "scala": .java, "csharp": .java, "cs": .java, "c#": .java,
        "bash": .shell, "sh": .shell, "shell": .shell, "zsh": .shell, "console": .shell, "shellscript": .shell,
        "json": .json, "jsonc": .json, "json5": .json,
        "yaml": .yaml, "yml": .yaml,
        "toml": .toml, "ini": .toml,
        "sql": .sql, "postgresql": .sql, "postgres": .sql, "sqlite": .sql, "mysql": .sql,
        "ruby": .ruby, "rb": .ruby,
    ]

    var grammar: SyntaxGrammar {
        switch self {
        case .swift: SyntaxGrammars.swift
        case .python: SyntaxGrammars.python
        case .javascript: SyntaxGrammars.javascript
        case .go: SyntaxGrammars.go
        case .rust: SyntaxGrammars.rust
        case .c: SyntaxGrammars.c
        case .java: SyntaxGrammars.java
        case .shell: SyntaxGrammars.shell
        case .json: SyntaxGrammars.json
        case .yaml: SyntaxGrammars.yaml
        case .toml: SyntaxGrammars.toml
        case .sql: SyntaxGrammars.sql
        case .ruby: SyntaxGrammars.ruby
        }
    }
}
