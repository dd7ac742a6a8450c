import Foundation

/// Token counts by kind, normalised across providers.
///
/// `input` counts only uncached prompt tokens: OpenAI's `prompt_tokens` includes cached tokens, so its adapter
/// subtracts them; Anthropic's `input_tokens` already excludes them. `output` counts every billed output token,
/// reasoning included; `reasoning` says how many of those were reasoning.
public struct Usage: Sendable, Hashable, Codable {
    public var input: Int
    public var output: Int
    public var cacheRead: Int
    public var cacheWrite: Int
    public var reasoning: Int

    public init(input: Int = 0, output: Int = 0, cacheRead: Int = 0, cacheWrite: Int = 0, reasoning: Int = 0) {
        self.input = input
        self.output = output
        self.cacheRead = cacheRead
        self.cacheWrite = cacheWrite
        self.reasoning = reasoning
    }

    public static let zero = Usage()

    /// Every prompt-side token, cached or not.
    public var promptTotal: Int { input + cacheRead + cacheWrite }
    public var total: Int { promptTotal + output }

    public static func + (lhs: Usage, rhs: Usage) -> Usage {
        Usage(input: lhs.input + rhs.input, output: lhs.output + rhs.output, cacheRead: lhs.cacheRead + rhs.cacheRead,
              cacheWrite: lhs.cacheWrite + rhs.cacheWrite, reasoning: lhs.reasoning + rhs.reasoning)
    }
}
