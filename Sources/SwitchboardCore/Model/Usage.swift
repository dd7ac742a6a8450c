import Foundation

/// Token counts by kind, normalised across providers.
///
/// `input` counts only uncached prompt tokens: OpenAI's `prompt_tokens` includes cached tokens, so its adapter
/// subtracts them; Anthropic's `input_tokens` already excludes them. `cacheWrite` counts writes to a 5-minute
/// cache and `cacheWrite1h` writes to a 1-hour cache (Anthropic reports them apart and bills them apart).
/// `output` counts every billed output token, reasoning included; `reasoning` says how many of those were
/// reasoning. `images` counts input images a provider bills per image rather than as prompt tokens.
public struct Usage: Sendable, Hashable, Codable {
    public var input: Int
    public var output: Int
    public var cacheRead: Int
    public var cacheWrite: Int
    public var reasoning: Int
    public var cacheWrite1h: Int
    public var images: Int

    public init(input: Int = 0, output: Int = 0, cacheRead: Int = 0, cacheWrite: Int = 0, reasoning: Int = 0,
                cacheWrite1h: Int = 0, images: Int = 0) {
        self.input = input
        self.output = output
        self.cacheRead = cacheRead
        self.cacheWrite = cacheWrite
        self.reasoning = reasoning
        self.cacheWrite1h = cacheWrite1h
        self.images = images
    }

    /// Missing keys read as 0, so usage stored before a kind existed still decodes.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func count(_ key: CodingKeys) throws -> Int { try container.decodeIfPresent(Int.self, forKey: key) ?? 0 }
        self.init(input: try count(.input), output: try count(.output), cacheRead: try count(.cacheRead),
                  cacheWrite: try count(.cacheWrite), reasoning: try count(.reasoning),
                  cacheWrite1h: try count(.cacheWrite1h), images: try count(.images))
    }

    public static let zero = Usage()

    /// Every prompt-side token, cached or not: what decides a price tier.
    public var promptTotal: Int { input + cacheRead + cacheWrite + cacheWrite1h }
    public var total: Int { promptTotal + output }

    public static func + (lhs: Usage, rhs: Usage) -> Usage {
        Usage(input: lhs.input + rhs.input, output: lhs.output + rhs.output, cacheRead: lhs.cacheRead + rhs.cacheRead,
              cacheWrite: lhs.cacheWrite + rhs.cacheWrite, reasoning: lhs.reasoning + rhs.reasoning,
              cacheWrite1h: lhs.cacheWrite1h + rhs.cacheWrite1h, images: lhs.images + rhs.images)
    }
}
