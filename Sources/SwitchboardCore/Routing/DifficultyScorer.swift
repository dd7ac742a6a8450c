import Foundation

/// How hard a turn looks: which class of model `auto` routing should send it to.
public enum Tier: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case simple, medium, complex, reasoning

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    public static func < (lhs: Tier, rhs: Tier) -> Bool { lhs.rank < rhs.rank }

    /// The next harder tier, nil for `reasoning`.
    public var higher: Tier? { rank + 1 < Self.allCases.count ? Self.allCases[rank + 1] : nil }
    /// The next easier tier, nil for `simple`.
    public var lower: Tier? { rank > 0 ? Self.allCases[rank - 1] : nil }
}

/// The scorer's verdict, with the reasons behind it (shown by `route --explain` and stored with the turn).
public struct DifficultyScore: Sendable, Hashable, Codable {
    public var tier: Tier
    /// Sum of the signals' points; the tier follows from it and `DifficultyScorer.Thresholds`.
    public var score: Double
    /// One line per signal that added points, e.g. `reasoning marker 'step by step' +1.5`.
    public var signals: [String]

    public init(tier: Tier, score: Double, signals: [String]) {
        self.tier = tier
        self.score = score
        self.signals = signals
    }
}

/// A local, deterministic estimate of a turn's difficulty from the latest user message and the conversation
/// before it: length, code, reasoning markers, multi-step instructions and depth. No model call and no regex:
/// one pass over the prompt's bytes with set lookups, so it costs microseconds.
///
/// When unsure it goes up: a score within `roundUpMargin` below a tier boundary counts as the tier above,
/// because sending a hard prompt to a weak model costs a bad answer, and the reverse only a few cents.
public struct DifficultyScorer: Sendable {
    public struct Thresholds: Sendable, Hashable {
        public var medium: Double
        public var complex: Double
        public var reasoning: Double
        public var roundUpMargin: Double

        public init(medium: Double = 1.5, complex: Double = 3.5, reasoning: Double = 6, roundUpMargin: Double = 0.35) {
            self.medium = medium
            self.complex = complex
            self.reasoning = reasoning
            self.roundUpMargin = roundUpMargin
        }
    }

    public var thresholds: Thresholds
    /// Only this many bytes of the prompt are scanned for words; the length signal still sees all of it.
    static let scanLimit = 16_384

    public init(thresholds: Thresholds = Thresholds()) {
        self.thresholds = thresholds
    }

    /// Scores the last user message, with every message before it as context.
    public func score(_ messages: [ChatMessage]) -> DifficultyScore {
        guard let last = messages.lastIndex(where: { $0.role == .user }) else {
            return score(prompt: "", context: messages)
        }
        return score(prompt: messages[last].text, context: Array(messages[..<last]))
    }

    public func score(prompt: String, context: [ChatMessage] = []) -> DifficultyScore {
        var signals = Signals()
        let scan = PromptScan(prompt)
        addLength(of: prompt, to: &signals)
        addCode(scan, to: &signals)
        addReasoning(scan, to: &signals)
        addSteps(scan, to: &signals)
        addContext(context, to: &signals)
        return verdict(signals, scan: scan)
    }

    // MARK: - Signals

    private func addLength(of prompt: String, to signals: inout Signals) {
        let tokens = TokenEstimator.estimate(prompt)
        let points: Double = switch tokens {
        case ...30: 0
        case ...120: 0.5
        case ...400: 1
        case ...1500: 2
        default: 3
        }
        signals.add(points, "prompt ~\(tokens) tokens")
    }

    private func addCode(_ scan: PromptScan, to signals: inout Signals) {
        let blocks = scan.fences / 2 + scan.fences % 2
        if blocks > 0 { signals.add(min(3, 2 + 0.5 * Double(blocks - 1)), "\(blocks) code block\(blocks == 1 ? "" : "s")") }
        if blocks == 0, scan.codePunctuation >= 6 { signals.add(1, "code-like punctuation") }
        if scan.codeKeywords.count >= 3 {
            signals.add(scan.codeKeywords.count >= 6 ? 2 : 1, "code keywords (" + scan.codeKeywords.sorted().prefix(4).joined(separator: ", ") + ")")
        }
        if scan.traceEvidence >= 2 { signals.add(1.5, "stack trace or error log") }
        let topics = scan.codeTopics.sorted().prefix(3).joined(separator: ", ")
        if !scan.codeTopics.isEmpty, scan.codeTaskVerbs > 0 {
            signals.add(scan.codeTopics.count >= 3 ? 2 : 1.5, "coding task (" + topics + ")")
        } else if !scan.codeTopics.isEmpty {
            signals.add(0.75, "about code (" + topics + ")")
        }
    }

    private func addReasoning(_ scan: PromptScan, to signals: inout Signals) {
        for (index, marker) in scan.strongMarkers.enumerated() where index < 2 {
            signals.add(1.5, "reasoning marker '\(marker)'")
        }
        for (index, marker) in scan.weakMarkers.enumerated() where index < 3 {
            signals.add(0.75, "analysis marker '\(marker)'")
        }
        if !scan.mathTerms.isEmpty {
            signals.add(scan.mathTerms.count >= 2 ? 1.5 : 1, "math (" + scan.mathTerms.sorted().prefix(3).joined(separator: ", ") + ")")
        }
    }

    private func addSteps(_ scan: PromptScan, to signals: inout Signals) {
        if scan.listItems >= 2 { signals.add(min(2, 0.5 * Double(scan.listItems - 1)), "\(scan.listItems)-item list") }
        if scan.imperatives >= 2 { signals.add(min(1.5, 0.5 * Double(scan.imperatives - 1)), "\(scan.imperatives) instructions") }
        if scan.sequenceWords > 0 { signals.add(min(1, 0.5 * Double(scan.sequenceWords)), "sequencing words (\(scan.sequenceWords))") }
    }

    private func addContext(_ context: [ChatMessage], to signals: inout Signals) {
        let depth = context.reduce(0) { $0 + ($1.role == .user ? 1 : 0) }
        if depth >= 8 { signals.add(1, "conversation depth \(depth) turns") } else if depth >= 3 {
            signals.add(0.5, "conversation depth \(depth) turns")
        }
        let tokens = TokenEstimator.estimate(context)
        if tokens > 16_000 { signals.add(1, "context ~\(tokens) tokens") } else if tokens > 4000 {
            signals.add(0.5, "context ~\(tokens) tokens")
        }
        // Code earlier in the conversation makes a terse follow-up ("now do the same in Rust") a code task.
        if context.suffix(4).contains(where: { PromptScan.containsFence($0.text) }) {
            signals.add(0.5, "conversation involves code")
        }
    }

    private func verdict(_ signals: Signals, scan: PromptScan) -> DifficultyScore {
        var lines = signals.lines
        let score = signals.total
        var tier = Tier.simple
        for (candidate, boundary) in [(Tier.medium, thresholds.medium), (.complex, thresholds.complex),
                                      (.reasoning, thresholds.reasoning)] where score >= boundary - thresholds.roundUpMargin {
            tier = candidate
            if score < boundary { lines.append("score \(Signals.text(score)) is within \(Signals.text(thresholds.roundUpMargin)) of \(candidate.rawValue) (\(Signals.text(boundary))): rounded up") }
        }
        // A proof or derivation over mathematics is reasoning work however short the request is.
        if tier < .reasoning, !scan.strongMarkers.isEmpty, !scan.mathTerms.isEmpty {
            tier = .reasoning
            lines.append("proof or derivation over math: reasoning tier")
        }
        // Volume alone (a long paste, a big code block) makes a turn complex, not a reasoning task.
        if tier == .reasoning, scan.strongMarkers.isEmpty, scan.mathTerms.isEmpty, scan.weakMarkers.count < 2 {
            tier = .complex
            lines.append("no reasoning markers: complex tier")
        }
        return DifficultyScore(tier: tier, score: score, signals: lines)
    }
}

extension DifficultyScorer {
    /// Points and their reasons, in the order they were found.
    struct Signals {
        var total: Double = 0
        var lines: [String] = []

        mutating func add(_ points: Double, _ reason: String) {
            guard points > 0 else { return }
            total += points
            lines.append(reason + " +" + Self.text(points))
        }

        /// Points are multiples of 0.05; formatting by hand keeps `String(format:)` off the hot path.
        static func text(_ value: Double) -> String {
            let hundredths = Int((value * 100).rounded())
            let whole = hundredths / 100, fraction = hundredths % 100
            if fraction == 0 { return "\(whole)" }
            return fraction % 10 == 0 ? "\(whole).\(fraction / 10)" : "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
        }
    }
}
