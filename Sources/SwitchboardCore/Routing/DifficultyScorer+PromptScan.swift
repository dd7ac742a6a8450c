import Foundation

extension DifficultyScorer {
    /// What one pass over a lowercased prompt found. Words are split on anything that is not a letter, digit,
    /// `_` or non-ASCII byte, so `trade-offs` is `trade offs` and `step-by-step` is `step by step`.
    struct PromptScan {
        var fences = 0
        var codePunctuation = 0
        var codeKeywords: Set<String> = []
        var traceEvidence = 0
        var codeTopics: Set<String> = []
        var codeTaskVerbs = 0
        /// Distinct, in the order found.
        var strongMarkers: [String] = []
        var weakMarkers: [String] = []
        var mathTerms: Set<String> = []
        var listItems = 0
        var imperatives = 0
        var sequenceWords = 0

        // Scanner state.
        private var clauseStart = true
        private var previous = ""
        private var beforePrevious = ""
        private var previousRoles: Vocabulary.Roles = []
        private var beforePreviousRoles: Vocabulary.Roles = []
        private var afterBackslash = false

        init(_ prompt: String) {
            var text = prompt.lowercased()
            text.withUTF8 { bytes in
                scan(UnsafeBufferPointer(rebasing: bytes.prefix(DifficultyScorer.scanLimit)))
            }
        }

        static func containsFence(_ text: String) -> Bool {
            var run = 0
            for byte in text.utf8 {
                run = byte == UInt8(ascii: "`") ? run + 1 : 0
                if run == 3 { return true }
            }
            return false
        }

        private mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>) {
            var index = 0
            var lineStart = true
            var wordStart: Int?
            while index < bytes.count {
                if lineStart {
                    index = scanLineStart(bytes, from: index)
                    lineStart = false
                    continue
                }
                let byte = bytes[index]
                if Self.isWordByte(byte), !Self.isSymbol(bytes, at: index) {
                    if wordStart == nil { wordStart = index }
                    index += 1
                    continue
                }
                if let start = wordStart {
                    word(in: bytes, start..<index)
                    wordStart = nil
                }
                index = punctuation(bytes, at: index, lineStart: &lineStart)
            }
            if let start = wordStart { word(in: bytes, start..<bytes.count) }
        }

        /// Words longer than any vocabulary entry (a URL, a run of CJK text) are passed over without a lookup.
        private mutating func word(in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
            let slice = UnsafeBufferPointer(rebasing: bytes[range])
            if Self.looksLikeErrorType(slice) { traceEvidence += 1 }
            guard range.count <= 24 else {
                clauseStart = false
                (beforePrevious, previous) = (previous, "")
                (beforePreviousRoles, previousRoles) = (previousRoles, [])
                return
            }
            word(String(decoding: slice, as: UTF8.self))
        }

        /// Looks at the start of a line for list markers and stack-trace frames; returns where words begin.
        private mutating func scanLineStart(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
            var index = start
            while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") { index += 1 }
            let indented = index > start
            var digits = index
            while digits < bytes.count, bytes[digits] >= UInt8(ascii: "0"), bytes[digits] <= UInt8(ascii: "9") { digits += 1 }
            if digits > index, digits - index <= 2, digits + 1 < bytes.count,
               bytes[digits] == UInt8(ascii: ".") || bytes[digits] == UInt8(ascii: ")"), bytes[digits + 1] == UInt8(ascii: " ") {
                listItems += 1
                clauseStart = true
                return digits + 2
            }
            if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "*"),
               bytes[index + 1] == UInt8(ascii: " ") {
                listItems += 1
                clauseStart = true
                return index + 2
            }
            if indented, Self.hasPrefix(bytes, at: index, "at ") { traceEvidence += 1 }
            if Self.hasPrefix(bytes, at: index, "file \"") { traceEvidence += 1 }
            return index
        }

        /// Handles one non-word byte (or a run such as a fence); returns the index after it.
        private mutating func punctuation(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, lineStart: inout Bool) -> Int {
            let byte = bytes[index]
            let next = index + 1 < bytes.count ? bytes[index + 1] : 0
            afterBackslash = byte == UInt8(ascii: "\\")
            switch byte {
            case UInt8(ascii: "`"):
                if Self.hasPrefix(bytes, at: index, "```") {
                    fences += 1
                    return index + 3
                }
            case UInt8(ascii: "\n"):
                lineStart = true
                clauseStart = true
            case UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","):
                clauseStart = true
                if byte == UInt8(ascii: ":"), next == UInt8(ascii: ":") { codePunctuation += 1; return index + 2 }
            case UInt8(ascii: ";"):
                clauseStart = true
                codePunctuation += 1
            case UInt8(ascii: "{"), UInt8(ascii: "}"):
                codePunctuation += 1
            case UInt8(ascii: "="), UInt8(ascii: "-"):
                if next == UInt8(ascii: ">") || next == UInt8(ascii: "=") { codePunctuation += 1; return index + 2 }
            case UInt8(ascii: "$"):
                if next == UInt8(ascii: "$") { mathTerms.insert("latex"); return index + 2 }
            case 0xE2:
                if Self.isMathSymbol(bytes, at: index) { mathTerms.insert("math symbols") }
                if Self.isSymbol(bytes, at: index) { return index + 3 }
            default:
                break
            }
            return index + 1
        }

        /// One dictionary lookup per word; most words have no role and cost nothing more.
        private mutating func word(_ word: String) {
            let atClauseStart = clauseStart
            let roles = Vocabulary.lexicon[word] ?? []
            clauseStart = roles.contains(.connector)
            defer {
                (beforePrevious, previous) = (previous, word)
                (beforePreviousRoles, previousRoles) = (previousRoles, roles)
            }
            if previousRoles.contains(.phraseStarter) { phrase(previous + " " + word) }
            if beforePreviousRoles.contains(.phraseStarter) { phrase(beforePrevious + " " + previous + " " + word) }
            guard !roles.isEmpty else { return }
            if afterBackslash, roles.contains(.latex) { mathTerms.insert("latex") }
            if atClauseStart, roles.contains(.imperative) { imperatives += 1 }
            if roles.contains(.codeTaskVerb) { codeTaskVerbs += 1 }
            if roles.contains(.codeKeyword) { codeKeywords.insert(word) }
            if roles.contains(.codeTopic) { codeTopics.insert(word) }
            if roles.contains(.math) { mathTerms.insert(word) }
            if roles.contains(.strong) { note(word, in: &strongMarkers) }
            if roles.contains(.weak) { note(word, in: &weakMarkers) }
            if word == "then" || (atClauseStart && roles.contains(.sequenceStarter)) { sequenceWords += 1 }
            if roles.contains(.trace) { traceEvidence += 1 }
        }

        private mutating func phrase(_ text: String) {
            switch Vocabulary.phrases[text] {
            case .strong?: note(text, in: &strongMarkers)
            case .weak?: note(text, in: &weakMarkers)
            case .codeTopic?: codeTopics.insert(text)
            case .trace?: traceEvidence += 1
            case nil: break
            }
        }

        private func note(_ marker: String, in list: inout [String]) {
            if !list.contains(marker) { list.append(marker) }
        }

        /// `typeerror`, `valueerror`, `nullpointerexception`: a language's error type in a log line.
        private static func looksLikeErrorType(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
            func ends(with suffix: StaticString) -> Bool {
                word.count > suffix.utf8CodeUnitCount && hasPrefix(word, at: word.count - suffix.utf8CodeUnitCount, suffix)
            }
            return ends(with: "error") || ends(with: "exception")
        }

        private static func isWordByte(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "_") || byte >= 0x80
        }

        /// General punctuation (U+2000 block: dashes, curly quotes, ellipsis) or a math symbol: not part of a word.
        private static func isSymbol(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
            bytes[index] == 0xE2 && index + 2 < bytes.count && (bytes[index + 1] == 0x80 || isMathSymbol(bytes, at: index))
        }

        /// ∂ ∑ √ ∞ ∫ (U+2200 block) and ≤ ≥ ≠ ≈ (U+2260 block): E2 88 xx / E2 89 xx in UTF-8.
        private static func isMathSymbol(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
            bytes[index] == 0xE2 && index + 2 < bytes.count && (bytes[index + 1] == 0x88 || bytes[index + 1] == 0x89)
        }

        private static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, _ prefix: StaticString) -> Bool {
            let count = prefix.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            return prefix.withUTF8Buffer { expected in
                (0..<count).allSatisfy { bytes[index + $0] == expected[$0] }
            }
        }
    }

    /// The words and phrases the scan looks for. Sets, built once.
    enum Vocabulary {
        enum PhraseKind { case strong, weak, codeTopic, trace }

        /// What a word can signal; several roles at once ("explain" is an imperative and an analysis marker).
        struct Roles: OptionSet, Sendable {
            let rawValue: UInt16
            static let imperative = Roles(rawValue: 1 << 0)
            static let codeTaskVerb = Roles(rawValue: 1 << 1)
            static let codeKeyword = Roles(rawValue: 1 << 2)
            static let codeTopic = Roles(rawValue: 1 << 3)
            static let math = Roles(rawValue: 1 << 4)
            static let strong = Roles(rawValue: 1 << 5)
            static let weak = Roles(rawValue: 1 << 6)
            static let sequenceStarter = Roles(rawValue: 1 << 7)
            static let trace = Roles(rawValue: 1 << 8)
            static let connector = Roles(rawValue: 1 << 9)
            static let phraseStarter = Roles(rawValue: 1 << 10)
            static let latex = Roles(rawValue: 1 << 11)
        }

        /// Every word list below folded into one table, built once.
        static let lexicon: [String: Roles] = {
            var table: [String: Roles] = [:]
            let lists: [(Set<String>, Roles)] = [
                (imperativeVerbs, .imperative), (codeTaskVerbs, .codeTaskVerb), (codeKeywords, .codeKeyword),
                (codeTopics, .codeTopic), (mathWords, .math), (strongWords, .strong), (weakWords, .weak),
                (sequenceStarters, .sequenceStarter), (traceWords, .trace), (connectors, .connector),
                (phraseStarters, .phraseStarter), (latexCommands, .latex),
            ]
            for (words, role) in lists {
                for word in words { table[word, default: []].insert(role) }
            }
            return table
        }()

        static let imperativeVerbs: Set<String> = [
            "write", "implement", "create", "build", "add", "fix", "refactor", "debug", "explain", "describe", "list",
            "summarize", "summarise", "compare", "analyze", "analyse", "design", "generate", "convert", "translate",
            "optimize", "optimise", "test", "make", "give", "show", "find", "calculate", "compute", "derive", "prove",
            "update", "remove", "rewrite", "review", "document", "outline", "plan", "draft", "evaluate", "solve",
            "parse", "extend", "migrate", "check", "verify", "run", "use", "include", "return", "handle",
        ]
        static let codeTaskVerbs: Set<String> = [
            "write", "implement", "build", "create", "fix", "refactor", "debug", "add", "generate", "optimize",
            "optimise", "convert", "migrate", "port", "test", "parse", "compile", "deploy",
        ]
        static let codeKeywords: Set<String> = [
            "func", "def", "struct", "enum", "return", "import", "include", "const", "let", "var", "fn", "impl",
            "async", "await", "lambda", "printf", "println", "void", "public", "private", "static", "null", "nil",
            "elif", "self", "this", "int", "bool", "typedef", "namespace", "select", "insert", "join", "foreach",
            "console", "std", "guard", "throws", "interface", "extends", "yield", "match", "case",
        ]
        static let codeTopics: Set<String> = [
            "function", "functions", "method", "methods", "class", "classes", "api", "regex", "script", "code",
            "program", "bug", "compiler", "algorithm", "sql", "query", "database", "endpoint", "library", "module",
            "parser", "tests", "repository", "swift", "python", "rust", "javascript", "typescript", "java", "kotlin",
            "golang", "ruby", "php", "bash", "html", "css", "json", "yaml", "docker", "kubernetes", "cpp", "csharp",
            "struct", "closure", "async", "thread", "concurrency", "recursion", "compile",
        ]
        static let traceWords: Set<String> = ["traceback", "stacktrace", "segfault", "panicked", "exception", "errno", "sigsegv"]
        static let strongWords: Set<String> = ["prove", "proof", "derive", "derivation", "rigorous", "rigorously", "formally"]
        static let weakWords: Set<String> = [
            "why", "explain", "analyze", "analyse", "analysis", "compare", "evaluate", "justify", "tradeoffs",
            "tradeoff", "implications", "critique", "assess", "optimal", "complexity", "consequences",
        ]
        static let mathWords: Set<String> = [
            "integral", "derivative", "derivatives", "eigenvalue", "eigenvalues", "eigenvector", "matrix", "matrices",
            "probability", "theorem", "lemma", "equation", "equations", "polynomial", "prime", "primes", "induction",
            "calculus", "logarithm", "convergence", "modulo", "factorial", "combinatorics", "bayes", "variance",
            "irrational", "infinitely", "asymptotic", "topology", "differential",
        ]
        static let latexCommands: Set<String> = ["frac", "sum", "int", "sqrt", "lim", "infty", "prod", "partial"]
        /// A clause starts after these words: "..., then add tests and explain ...".
        static let connectors: Set<String> = [
            "then", "and", "also", "please", "finally", "first", "next", "lastly", "now", "afterwards", "secondly",
            "thirdly", "second", "third",
        ]
        static let sequenceStarters: Set<String> = [
            "first", "next", "finally", "lastly", "afterwards", "afterward", "secondly", "thirdly", "second", "third",
        ]
        static let phrases: [String: PhraseKind] = [
            "step by step": .strong, "first principles": .strong, "think through": .strong, "reason through": .strong,
            "walk me through": .strong, "root cause": .strong, "in depth": .strong,
            "trade offs": .weak, "trade off": .weak, "pros and cons": .weak, "edge cases": .weak, "edge case": .weak,
            "what if": .weak, "best approach": .weak,
            "unit test": .codeTopic, "unit tests": .codeTopic, "test suite": .codeTopic, "pull request": .codeTopic,
            "fatal error": .trace, "most recent call": .trace, "null pointer": .trace, "core dumped": .trace,
        ]
        static let phraseStarters: Set<String> = Set(phrases.keys.compactMap { $0.split(separator: " ").first.map(String.init) })
    }
}
