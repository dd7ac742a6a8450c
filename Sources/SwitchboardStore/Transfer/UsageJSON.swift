import SwitchboardCore

/// Token counts as they appear in every JSON the store and the command line write.
public struct UsageJSON: Codable, Equatable, Sendable {
    var input: Int
    var output: Int
    var cacheRead: Int
    var cacheWrite: Int
    var reasoning: Int

    enum CodingKeys: String, CodingKey {
        case input, output, cacheRead = "cache_read", cacheWrite = "cache_write", reasoning
    }

    public init(_ usage: Usage) {
        input = usage.input
        output = usage.output
        cacheRead = usage.cacheRead
        cacheWrite = usage.cacheWrite
        reasoning = usage.reasoning
    }

    var usage: Usage {
        Usage(input: input, output: output, cacheRead: cacheRead, cacheWrite: cacheWrite, reasoning: reasoning)
    }
}
