import SwitchboardCore

/// Token counts as they appear in every JSON the store and the command line write. `cache_write_1h` and `images`
/// appear only when not zero, so output for usage without them reads byte for byte as before they existed, and
/// files written before them decode (as 0).
public struct UsageJSON: Codable, Equatable, Sendable {
    var input: Int
    var output: Int
    var cacheRead: Int
    var cacheWrite: Int
    var reasoning: Int
    var cacheWrite1h: Int
    var images: Int

    enum CodingKeys: String, CodingKey {
        case input, output, cacheRead = "cache_read", cacheWrite = "cache_write", reasoning,
             cacheWrite1h = "cache_write_1h", images
    }

    public init(_ usage: Usage) {
        input = usage.input
        output = usage.output
        cacheRead = usage.cacheRead
        cacheWrite = usage.cacheWrite
        reasoning = usage.reasoning
        cacheWrite1h = usage.cacheWrite1h
        images = usage.images
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        input = try container.decode(Int.self, forKey: .input)
        output = try container.decode(Int.self, forKey: .output)
        cacheRead = try container.decode(Int.self, forKey: .cacheRead)
        cacheWrite = try container.decode(Int.self, forKey: .cacheWrite)
        reasoning = try container.decode(Int.self, forKey: .reasoning)
        cacheWrite1h = try container.decodeIfPresent(Int.self, forKey: .cacheWrite1h) ?? 0
        images = try container.decodeIfPresent(Int.self, forKey: .images) ?? 0
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(input, forKey: .input)
        try container.encode(output, forKey: .output)
        try container.encode(cacheRead, forKey: .cacheRead)
        try container.encode(cacheWrite, forKey: .cacheWrite)
        try container.encode(reasoning, forKey: .reasoning)
        if cacheWrite1h != 0 { try container.encode(cacheWrite1h, forKey: .cacheWrite1h) }
        if images != 0 { try container.encode(images, forKey: .images) }
    }

    var usage: Usage {
        Usage(input: input, output: output, cacheRead: cacheRead, cacheWrite: cacheWrite, reasoning: reasoning,
              cacheWrite1h: cacheWrite1h, images: images)
    }
}
