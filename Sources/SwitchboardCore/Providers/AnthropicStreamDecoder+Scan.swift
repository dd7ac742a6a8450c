/// The fast path for Anthropic's stream events: one pass with `JSONCursor` collects what any event type reads
/// (`type`, `message`, `index`, `content_block`, `delta`, `usage`). Throws `JSONCursor.Unreadable` for anything it does not vouch for,
/// and when the event's type needs a member that is missing, so Foundation reports that as it always did.
extension AnthropicStreamDecoder.Wire.Event {
    typealias Wire = AnthropicStreamDecoder.Wire

    /// `eventName` is the SSE `event:` field, which stands in for a missing `type`.
    static func scan(_ data: String, eventName: String?) throws -> Self {
        var data = data
        return try data.withUTF8 { try scan($0, eventName: eventName) }
    }

    static func scan(_ data: UnsafeBufferPointer<UInt8>, eventName: String?) throws -> Self {
        var event = Self()
        var seen = JSONSeenKeys()
        var named: Wire.EventKind?
        try JSONCursor.readObject(data) { cursor, key in
            if key == "type" {
                try seen.mark(0)
                named = try cursor.optionalName(Wire.EventKind.init(bytes:))
            } else if key == "message" {
                try seen.mark(1)
                event.message = try scanMessage(&cursor)
            } else if key == "delta" {
                try seen.mark(2)
                event.delta = try scanDelta(&cursor)
            } else if key == "usage" {
                try seen.mark(3)
                event.usage = try scanCounts(&cursor)
            } else if key == "index" {
                try seen.mark(4)
                event.index = try cursor.optionalInt()
            } else if key == "content_block" {
                try seen.mark(5)
                event.block = try scanBlock(&cursor)
            } else {
                try cursor.skip()
            }
        }
        event.kind = named ?? Wire.EventKind(name: eventName)
        // Foundation refuses these as malformed; let it say so.
        switch event.kind {
        case .messageStart: guard event.message != nil else { throw JSONCursor.Unreadable() }
        case .contentBlockDelta: guard event.delta != nil else { throw JSONCursor.Unreadable() }
        case .contentBlockStart: guard event.block != nil else { throw JSONCursor.Unreadable() }
        default: break
        }
        return event
    }

    // The block types, reused rather than allocated per block.
    private static let blockTypes = ["text", "thinking", "tool_use", "redacted_thinking"]

    private static func scanMessage(_ cursor: inout JSONCursor) throws -> Wire.MessageStart.Message? {
        var model: String?, usage: Wire.TokenCounts?
        var seen = JSONSeenKeys()
        let present = try cursor.optionalObject { cursor, key in
            if key == "model" {
                try seen.mark(0)
                model = try cursor.optionalString()
            } else if key == "usage" {
                try seen.mark(1)
                usage = try scanCounts(&cursor)
            } else {
                try cursor.skip()
            }
        }
        return present ? Wire.MessageStart.Message(model: model, usage: usage) : nil
    }

    private static func scanDelta(_ cursor: inout JSONCursor) throws -> Wire.Delta? {
        var delta = Wire.Delta()
        var seen = JSONSeenKeys()
        // The piece is read before the type may be known: which member it came from decides whether it is the
        // type's own. A delta with two pieces is Foundation's to read.
        var pieceOf: Wire.DeltaKind?
        var piece: String?
        func read(_ kind: Wire.DeltaKind, _ cursor: inout JSONCursor) throws {
            guard pieceOf == nil else { throw JSONCursor.Unreadable() }
            pieceOf = kind
            piece = try cursor.optionalString()
        }
        let present = try cursor.optionalObject { cursor, key in
            if key == "type" {
                try seen.mark(0)
                delta.kind = try cursor.optionalName(Wire.DeltaKind.init(bytes:)) ?? .other
            } else if key == "text" {
                try read(.text, &cursor)
            } else if key == "partial_json" {
                try read(.inputJSON, &cursor)
            } else if key == "thinking" {
                try read(.thinking, &cursor)
            } else if key == "signature" {
                try read(.signature, &cursor)
            } else if key == "stop_reason" {
                try seen.mark(1)
                delta.stopReason = try cursor.optionalString()
            } else {
                try cursor.skip()
            }
        }
        guard present else { return nil }
        if pieceOf == delta.kind { delta.piece = piece }
        return delta
    }

    /// A block's `input` (always `{}` at the start) and anything else are skipped.
    private static func scanBlock(_ cursor: inout JSONCursor) throws -> Wire.Block? {
        var block = Wire.Block()
        var seen = JSONSeenKeys()
        let present = try cursor.optionalObject { cursor, key in
            if key == "type" {
                try seen.mark(0)
                block.type = try cursor.optionalString(among: blockTypes)
            } else if key == "id" {
                try seen.mark(1)
                block.id = try cursor.optionalString()
            } else if key == "name" {
                try seen.mark(2)
                block.name = try cursor.optionalString()
            } else if key == "text" {
                try seen.mark(3)
                block.text = try cursor.optionalString()
            } else if key == "thinking" {
                try seen.mark(4)
                block.thinking = try cursor.optionalString()
            } else if key == "data" {
                try seen.mark(5)
                block.data = try cursor.optionalString()
            } else {
                try cursor.skip()
            }
        }
        return present ? block : nil
    }

    private static func scanCounts(_ cursor: inout JSONCursor) throws -> Wire.TokenCounts? {
        var input: Int?, output: Int?, cacheCreation: Int?, cacheRead: Int?
        var split: Wire.CacheCreation?
        var seen = JSONSeenKeys()
        let present = try cursor.optionalObject { cursor, key in
            if key == "input_tokens" {
                try seen.mark(0)
                input = try cursor.optionalInt()
            } else if key == "output_tokens" {
                try seen.mark(1)
                output = try cursor.optionalInt()
            } else if key == "cache_creation_input_tokens" {
                try seen.mark(2)
                cacheCreation = try cursor.optionalInt()
            } else if key == "cache_read_input_tokens" {
                try seen.mark(3)
                cacheRead = try cursor.optionalInt()
            } else if key == "cache_creation" {
                try seen.mark(4)
                var oneHour: Int?
                var inner = JSONSeenKeys()
                let object = try cursor.optionalObject { cursor, key in
                    guard key == "ephemeral_1h_input_tokens" else { return try cursor.skip() }
                    try inner.mark(0)
                    oneHour = try cursor.optionalInt()
                }
                split = object ? Wire.CacheCreation(oneHour: oneHour) : nil
            } else {
                try cursor.skip()
            }
        }
        return present ? Wire.TokenCounts(inputTokens: input, outputTokens: output,
                                          cacheCreationInputTokens: cacheCreation, cacheReadInputTokens: cacheRead,
                                          cacheCreation: split) : nil
    }
}
