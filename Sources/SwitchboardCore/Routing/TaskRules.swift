import Foundation

/// One `[[rules]]` entry: when a turn matches, it goes to a named route or a model.
///
/// Every condition that is set must hold (a rule with `task` and `keywords` needs both); `keywords` match when
/// any one of them occurs as whole words, ignoring case; `pattern` is a regular expression (ICU syntax,
/// case-insensitive unless it says `(?-i)`) searched anywhere in the prompt.
public struct TaskRule: Sendable, Hashable {
    public enum Target: Sendable, Hashable, CustomStringConvertible {
        /// A `[routes.NAME]` table.
        case route(String)
        /// A model as a person would type it (alias, `auto`, `vendor/model:floor@provider`).
        case model(ModelRef)

        public var description: String {
            switch self {
            case .route(let name): "route \(name)"
            case .model(let ref): ref.description
            }
        }
    }

    /// For messages; defaults to `rule N` by position.
    public var name: String?
    /// Matches the session's task tag (`/task code`, `--task code`), ignoring case.
    public var task: String?
    public var keywords: [String]
    public var pattern: String?
    public var target: Target

    public init(name: String? = nil, task: String? = nil, keywords: [String] = [], pattern: String? = nil, target: Target) {
        self.name = name
        self.task = task
        self.keywords = keywords
        self.pattern = pattern
        self.target = target
    }

    /// True when the rule has at least one condition; a rule without any would match every turn.
    public var hasCondition: Bool { task != nil || !keywords.isEmpty || pattern != nil }

    /// Compiles a pattern the way matching does; the error says what is wrong, for config messages.
    public static func compile(_ pattern: String) throws -> NSRegularExpression {
        try NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
    }
}

/// Which rule a turn matched, and why (for the routing reason and `route --explain`).
public struct TaskRuleMatch: Sendable, Hashable {
    /// 0-based position in the configured list.
    public var index: Int
    public var rule: TaskRule
    /// e.g. `rule 2 (sql): task 'code', keyword 'query'`.
    public var reason: String
}

/// The configured rules, compiled once, matched in order: the first match wins.
public struct TaskRules: Sendable {
    public let rules: [TaskRule]
    private let compiled: [CompiledPattern?]

    /// Throws `TaskRules.InvalidPattern` for a pattern that does not compile (config loading checks this first,
    /// with the file and line).
    public init(_ rules: [TaskRule]) throws {
        self.rules = rules
        compiled = try rules.enumerated().map { index, rule in
            guard let pattern = rule.pattern else { return nil }
            do {
                return CompiledPattern(expression: try TaskRule.compile(pattern))
            } catch {
                throw InvalidPattern(index: index, pattern: pattern, message: "\(error)")
            }
        }
    }

    public static let empty = TaskRules(noRules: ())

    private init(noRules: Void) {
        rules = []
        compiled = []
    }

    public struct InvalidPattern: Error, Equatable, CustomStringConvertible {
        public var index: Int
        public var pattern: String
        public var message: String
        public var description: String { "rule \(index + 1): pattern '\(pattern)' is not a valid regular expression: \(message)" }
    }

    /// The first rule the turn matches, or nil.
    /// - Parameters:
    ///   - prompt: the latest user message.
    ///   - task: the session's task tag, if one is set.
    public func match(prompt: String, task: String?) -> TaskRuleMatch? {
        guard !rules.isEmpty else { return nil }
        let lowered = prompt.lowercased()
        for (index, rule) in rules.enumerated() where rule.hasCondition {
            var why: [String] = []
            if let wanted = rule.task {
                guard let task, task.caseInsensitiveCompare(wanted) == .orderedSame else { continue }
                why.append("task '\(wanted)'")
            }
            if !rule.keywords.isEmpty {
                guard let keyword = rule.keywords.first(where: { Self.containsWord($0.lowercased(), in: lowered) }) else { continue }
                why.append("keyword '\(keyword)'")
            }
            if let pattern = compiled[index] {
                guard pattern.matches(prompt) else { continue }
                why.append("pattern /\(rule.pattern ?? "")/")
            }
            let label = "rule \(index + 1)" + (rule.name.map { " (\($0))" } ?? "")
            return TaskRuleMatch(index: index, rule: rule, reason: label + ": " + why.joined(separator: ", ") + " -> \(rule.target)")
        }
        return nil
    }

    /// `word` occurs in `text` with no letter, digit or `_` right before or after it. Both are lowercased.
    static func containsWord(_ word: String, in text: String) -> Bool {
        guard !word.isEmpty else { return false }
        var searchRange = text.startIndex..<text.endIndex
        while let found = text.range(of: word, range: searchRange) {
            let before = found.lowerBound == text.startIndex ? nil : text[text.index(before: found.lowerBound)]
            let after = found.upperBound == text.endIndex ? nil : text[found.upperBound]
            if !isWordCharacter(before), !isWordCharacter(after) { return true }
            searchRange = text.index(after: found.lowerBound)..<text.endIndex
        }
        return false
    }

    private static func isWordCharacter(_ character: Character?) -> Bool {
        guard let character else { return false }
        return character.isLetter || character.isNumber || character == "_"
    }
}

/// NSRegularExpression is immutable once built and documented as safe to share between threads.
private struct CompiledPattern: @unchecked Sendable {
    let expression: NSRegularExpression

    func matches(_ text: String) -> Bool {
        expression.firstMatch(in: text, range: NSRange(text.startIndex..<text.endIndex, in: text)) != nil
    }
}
