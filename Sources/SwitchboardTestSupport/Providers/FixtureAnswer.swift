import Foundation
import SwitchboardCore

/// What a provider fixture answers: the text, cut into the chunks it streams, and the usage it reports.
public struct FixtureAnswer: Sendable, Equatable {
    /// How the answer ended, in neutral form; each fixture writes its protocol's own word for it.
    public enum Finish: Sendable, Equatable {
        /// OpenAI `stop`, Anthropic `end_turn`, Gemini `STOP`, Ollama `stop`.
        case stop
        /// OpenAI `length`, Anthropic `max_tokens`, Gemini `MAX_TOKENS`, Ollama `length`.
        case length
        /// OpenAI `tool_calls`, Anthropic `tool_use`, Gemini `STOP` (it has no word of its own), Ollama `stop`.
        case toolCalls
    }

    /// The text pieces, one per streamed content chunk; never empty.
    public var chunks: [String]
    /// Normalised token counts; each fixture converts them to its provider's fields (OpenAI's
    /// `prompt_tokens` = input + cacheRead + cacheWrite, Gemini's `candidatesTokenCount` = output - reasoning).
    public var usage: Usage
    /// OpenRouter's `usage.cost` in USD.
    public var cost: Decimal
    public var finish: Finish
    /// Thinking streamed before the text, one piece per chunk; empty for none.
    public var reasoning: [String] = []
    /// The signature that closes the thinking, for protocols that carry one (OpenRouter's `reasoning_details`).
    public var reasoningSignature: String?
    /// Redacted thinking blocks' encrypted data, streamed after the thinking (Anthropic `redacted_thinking`).
    public var redactedThinking: [String] = []
    /// Tool calls streamed after the text.
    public var toolCalls: [FixtureToolCall] = []
    /// Stream the calls' argument pieces round-robin (call 0, call 1, call 0…) instead of one call after another.
    public var interleaveToolCalls = false

    /// The whole answer.
    public var text: String { chunks.joined() }

    /// An answer given as exact chunks (use this to split inside a word or a multi-byte character).
    public init(chunks: [String], usage: Usage = FixtureAnswer.standardUsage,
                cost: Decimal = FixtureAnswer.standardCost, finish: Finish = .stop) {
        self.chunks = chunks.isEmpty ? [""] : chunks
        self.usage = usage
        self.cost = cost
        self.finish = finish
    }

    /// An answer cut into `chunkCount` nearly equal pieces by characters, or into word-sized pieces (each
    /// word with the whitespace before it, like a BPE token) when `chunkCount` is nil.
    public init(text: String, chunkCount: Int? = nil, usage: Usage = FixtureAnswer.standardUsage,
                cost: Decimal = FixtureAnswer.standardCost, finish: Finish = .stop) {
        let chunks = chunkCount.map { FixtureAnswer.split(text, into: $0) } ?? FixtureAnswer.words(text)
        self.init(chunks: chunks, usage: usage, cost: cost, finish: finish)
    }

    public static let standardText = """
        **Switchboard** sends each prompt to the model that fits it, and falls back when a provider fails.

        - fast: the *first token* arrives quickly
        - cheap: `auto` picks the lowest price
        """

    /// Every kind non-zero except cache writes, which OpenAI-style servers do not report.
    public static let standardUsage = Usage(input: 24, output: 36, cacheRead: 8, cacheWrite: 0, reasoning: 4)
    public static let standardCost = Decimal(string: "0.000123") ?? 0

    /// The default answer: a short Markdown paragraph in word-sized chunks.
    public static let standard = FixtureAnswer(text: standardText)

    // MARK: - Splitting

    static func words(_ text: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var previousWasSpace = false
        for character in text {
            let isSpace = character.isWhitespace
            if isSpace && !previousWasSpace && !current.isEmpty {
                pieces.append(current)
                current = ""
            }
            current.append(character)
            previousWasSpace = isSpace
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }

    static func split(_ text: String, into count: Int) -> [String] {
        let characters = Array(text)
        let parts = max(1, min(count, characters.count))
        var pieces: [String] = []
        var start = 0
        for index in 0..<parts {
            let end = characters.count * (index + 1) / parts
            pieces.append(String(characters[start..<end]))
            start = end
        }
        return pieces
    }
}

/// A tool call a fixture streams: its id and name first, then its arguments in the given pieces (split them
/// mid-string or mid-escape to test joining).
public struct FixtureToolCall: Sendable, Equatable {
    public var id: String
    public var name: String
    public var argumentChunks: [String]

    public init(id: String, name: String, argumentChunks: [String]) {
        self.id = id
        self.name = name
        self.argumentChunks = argumentChunks
    }

    public var arguments: String { argumentChunks.joined() }
}
