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
        /// The two words before this one, as byte ranges with their roles, for phrases.
        private var previous: (range: Range<Int>, roles: Vocabulary.Roles) = (0..<0, [])
        private var beforePrevious: (range: Range<Int>, roles: Vocabulary.Roles) = (0..<0, [])
        private var afterBackslash = false
        /// Inside a ``` block only code signals count: `return x` there is not an instruction.
        private var inFence = false
        /// Lexicon entries already counted, one bit each: a word repeated 40 times is looked at once.
        private var seen: [UInt64]
        private let lexicon = Vocabulary.lexicon

        init(_ prompt: String) {
            seen = Array(repeating: 0, count: lexicon.count / 64 + 1)
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

        /// One lookup per word, straight from its bytes; most words have no role and cost nothing more.
        private mutating func word(in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
            let slice = UnsafeBufferPointer(rebasing: bytes[range])
            if Self.looksLikeErrorType(slice) { traceEvidence += 1 }
            let entry = lexicon.find(slice)
            let roles = entry.map { lexicon.roles[$0] } ?? []
            let atClauseStart = clauseStart
            clauseStart = roles.contains(.connector)
            if previous.roles.contains(.phraseStarter) { phrase(bytes, previous.range.lowerBound..<range.upperBound) }
            if beforePrevious.roles.contains(.phraseStarter) { phrase(bytes, beforePrevious.range.lowerBound..<range.upperBound) }
            (beforePrevious, previous) = (previous, (range, roles))
            guard let entry else { return }
            if inFence {
                if roles.contains(.codeKeyword) { codeKeywords.insert(lexicon.words[entry]) }
                if roles.contains(.trace) { traceEvidence += 1 }
                return
            }
            // Counts that depend on where the word stands, every time.
            if atClauseStart, roles.contains(.imperative) { imperatives += 1 }
            if roles.contains(.codeTaskVerb) { codeTaskVerbs += 1 }
            if roles.contains(.trace) { traceEvidence += 1 }
            if (atClauseStart && roles.contains(.sequenceStarter)) || (roles.contains(.connector) && lexicon.words[entry] == "then") {
                sequenceWords += 1
            }
            if afterBackslash, roles.contains(.latex) { mathTerms.insert("latex") }
            // Distinct words, once.
            let (slot, bit) = (entry / 64, UInt64(1) << UInt64(entry % 64))
            guard seen[slot] & bit == 0 else { return }
            seen[slot] |= bit
            let word = lexicon.words[entry]
            if roles.contains(.codeKeyword) { codeKeywords.insert(word) }
            if roles.contains(.codeTopic) { codeTopics.insert(word) }
            if roles.contains(.math) { mathTerms.insert(word) }
            if roles.contains(.strong) { note(word, in: &strongMarkers) }
            if roles.contains(.weak) { note(word, in: &weakMarkers) }
        }

        /// Looks at the start of a line for list markers and stack-trace frames; returns where words begin.
        private mutating func scanLineStart(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
            var index = start
            while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") { index += 1 }
            let indented = index > start
            var digits = index
            while digits < bytes.count, bytes[digits] >= UInt8(ascii: "0"), bytes[digits] <= UInt8(ascii: "9") { digits += 1 }
            if !inFence, digits > index, digits - index <= 2, digits + 1 < bytes.count,
               bytes[digits] == UInt8(ascii: ".") || bytes[digits] == UInt8(ascii: ")"), bytes[digits + 1] == UInt8(ascii: " ") {
                listItems += 1
                clauseStart = true
                return digits + 2
            }
            if !inFence, index + 1 < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "*"),
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
                    inFence.toggle()
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

        /// The words in `range` with single spaces between them: `step-by-step` and `step by  step` read alike.
        private mutating func phrase(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
            guard range.count <= 32 else { return }
            var folded: [UInt8] = []
            folded.reserveCapacity(range.count)
            for index in range {
                if Self.isWordByte(bytes[index]) { folded.append(bytes[index]) } else if folded.last != UInt8(ascii: " ") { folded.append(UInt8(ascii: " ")) }
            }
            let text = String(decoding: folded, as: UTF8.self)
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
        static let lexicon = Lexicon({
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
        }())

        static let imperativeVerbs: Set<String> = [
            "write", "implement", "create", "build", "add", "fix", "refactor", "debug", "explain", "describe", "list",
            "summarize", "summarise", "compare", "analyze", "analyse", "design", "generate", "convert", "translate",
            "optimize", "optimise", "test", "make", "give", "show", "find", "calculate", "compute", "derive", "prove",
            "update", "remove", "rewrite", "review", "document", "outline", "plan", "draft", "evaluate", "solve",
            "parse", "extend", "migrate", "check", "verify", "run", "use", "include", "return", "handle", "discuss",
        ]
        static let codeTaskVerbs: Set<String> = [
            "write", "implement", "build", "create", "fix", "refactor", "debug", "add", "generate", "optimize",
            "optimise", "convert", "migrate", "port", "test", "parse", "compile", "deploy",
        ]
        static let codeKeywords: Set<String> = [
            "func", "def", "struct", "enum", "return", "import", "include", "const", "let", "var", "fn", "impl",
            "async", "await", "lambda", "printf", "println", "void", "public", "private", "static", "null", "nil",
            "elif", "self", "int", "bool", "typedef", "namespace", "select", "insert", "join", "foreach",
            "console", "std", "guard", "throws", "interface", "extends", "yield",
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
            "what if": .weak, "best approach": .weak, "failure modes": .weak,
            "unit test": .codeTopic, "unit tests": .codeTopic, "test suite": .codeTopic, "pull request": .codeTopic,
            "fatal error": .trace, "most recent call": .trace, "null pointer": .trace, "core dumped": .trace,
        ]
        static let phraseStarters: Set<String> = Set(phrases.keys.compactMap { $0.split(separator: " ").first.map(String.init) })
    }
}

extension DifficultyScorer.Vocabulary {
    /// An open-addressing table keyed by a word's bytes, so scanning never builds a String for a plain word.
    /// Parallel arrays of plain values: a lookup retains nothing.
    struct Lexicon: Sendable {
        let words: [String]
        let roles: [Roles]
        /// All words' bytes end to end; word `i` is `bytes[starts[i] ..< starts[i + 1]]`.
        private let bytes: [UInt8]
        private let starts: [Int]
        /// Index into `words`, or -1 for an empty slot.
        private let slots: [Int]
        private let mask: Int

        var count: Int { words.count }

        init(_ table: [String: Roles]) {
            let sorted = table.sorted { $0.key < $1.key }
            let words = sorted.map(\.key)
            var bytes: [UInt8] = [], starts: [Int] = [0]
            for word in words {
                bytes.append(contentsOf: word.utf8)
                starts.append(bytes.count)
            }
            var size = 64
            while size < words.count * 4 { size *= 2 }
            var slots = Array(repeating: -1, count: size)
            for index in words.indices {
                var slot = Self.hash(Array(bytes[starts[index]..<starts[index + 1]])) & (size - 1)
                while slots[slot] >= 0 { slot = (slot + 1) & (size - 1) }
                slots[slot] = index
            }
            (self.words, roles) = (words, sorted.map(\.value))
            (self.bytes, self.starts, self.slots, mask) = (bytes, starts, slots, size - 1)
        }

        /// The index of the word spelled by `word`, if it is in the table.
        func find(_ word: UnsafeBufferPointer<UInt8>) -> Int? {
            guard word.count <= 24 else { return nil }
            var slot = Self.hash(word) & mask
            while case let index = slots[slot], index >= 0 {
                let start = starts[index]
                if starts[index + 1] - start == word.count,
                   bytes.withUnsafeBufferPointer({ all in
                       guard let base = all.baseAddress, let target = word.baseAddress else { return false }
                       return memcmp(base + start, target, word.count) == 0
                   }) {
                    return index
                }
                slot = (slot + 1) & mask
            }
            return nil
        }

        /// FNV-1a: a few instructions per byte, well spread for short words.
        private static func hash(_ bytes: some Sequence<UInt8>) -> Int {
            var value: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in bytes { value = (value ^ UInt64(byte)) &* 0x100_0000_01b3 }
            return Int(truncatingIfNeeded: value ^ (value >> 32))
        }
    }
}
