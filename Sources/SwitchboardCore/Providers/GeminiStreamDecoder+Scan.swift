/// The fast path for Gemini's stream chunks: the same fields as `Wire.Chunk`, read with `JSONCursor` instead
/// of `JSONDecoder`. Throws `JSONCursor.Unreadable` for anything it does not vouch for (see `JSONCursor`).
extension GeminiStreamDecoder.Wire.Chunk {
    typealias Wire = GeminiStreamDecoder.Wire

    /// `previousModel`, `previousResponseID`: the chunk before's, repeated in every chunk, reused rather than
    /// allocated again when they match.
    static func scan(_ data: String, previousModel: String? = nil, previousResponseID: String? = nil) throws -> Self {
        var data = data
        return try data.withUTF8 { try scan($0, previousModel: previousModel, previousResponseID: previousResponseID) }
    }

    static func scan(_ data: UnsafeBufferPointer<UInt8>, previousModel: String? = nil,
                     previousResponseID: String? = nil) throws -> Self {
        var candidates: [Wire.Candidate]?, usage: Wire.UsageMetadata?, model: String?, responseID: String?
        var feedback: Wire.PromptFeedback?, error: Wire.Presence?
        var seen = JSONSeenKeys()
        try JSONCursor.readObject(data) { cursor, key in
            if key == "candidates" {
                try seen.mark(0)
                candidates = try cursor.null() ? nil : scanCandidates(&cursor)
            } else if key == "usageMetadata" {
                try seen.mark(1)
                usage = try scanUsage(&cursor)
            } else if key == "modelVersion" {
                try seen.mark(2)
                model = try cursor.optionalString(reusing: previousModel)
            } else if key == "promptFeedback" {
                try seen.mark(3)
                var reason: String?
                var seenReason = JSONSeenKeys()
                let present = try cursor.optionalObject { cursor, key in
                    guard key == "blockReason" else { return try cursor.skip() }
                    try seenReason.mark(0)
                    reason = try cursor.optionalString()
                }
                feedback = present ? Wire.PromptFeedback(blockReason: reason) : nil
            } else if key == "responseId" {
                try seen.mark(5)
                responseID = try cursor.optionalString(reusing: previousResponseID)
            } else if key == "error" {
                try seen.mark(4)
                if try !cursor.null() {
                    try cursor.skip()
                    error = Wire.Presence()
                }
            } else {
                try cursor.skip()
            }
        }
        return Self(candidates: candidates, usageMetadata: usage, modelVersion: model, responseId: responseID,
                    promptFeedback: feedback,
                    error: error)
    }

    private static func scanCandidates(_ cursor: inout JSONCursor) throws -> [Wire.Candidate] {
        var candidates: [Wire.Candidate] = []
        try cursor.array { cursor in
            var content: Wire.Content?, finishReason: String?
            var seen = JSONSeenKeys()
            try cursor.object { cursor, key in
                if key == "content" {
                    try seen.mark(0)
                    content = try scanContent(&cursor)
                } else if key == "finishReason" {
                    try seen.mark(1)
                    finishReason = try cursor.optionalString()
                } else {
                    try cursor.skip()
                }
            }
            candidates.append(Wire.Candidate(content: content, finishReason: finishReason))
        }
        return candidates
    }

    private static func scanContent(_ cursor: inout JSONCursor) throws -> Wire.Content? {
        var parts: [Wire.Part]?
        var seen = JSONSeenKeys()
        let present = try cursor.optionalObject { cursor, key in
            guard key == "parts" else { return try cursor.skip() }
            try seen.mark(0)
            if try cursor.null() { return }
            var list: [Wire.Part] = []
            try cursor.array { cursor in
                var text: String?, thought: Bool?, signature: String?, call: Wire.FunctionCall?
                var seenPart = JSONSeenKeys()
                try cursor.object { cursor, key in
                    if key == "text" {
                        try seenPart.mark(0)
                        text = try cursor.optionalString()
                    } else if key == "thought" {
                        try seenPart.mark(1)
                        thought = try cursor.optionalBool()
                    } else if key == "thoughtSignature" {
                        try seenPart.mark(2)
                        signature = try cursor.optionalString()
                    } else if key == "functionCall" {
                        try seenPart.mark(3)
                        call = try scanFunctionCall(&cursor)
                    } else {
                        try cursor.skip()
                    }
                }
                list.append(Wire.Part(text: text, thought: thought, thoughtSignature: signature, functionCall: call))
            }
            parts = list
        }
        return present ? Wire.Content(parts: parts) : nil
    }

    /// `{"name", "id", "args"}`; the arguments become the same sorted JSON text `ArgumentsText` makes.
    private static func scanFunctionCall(_ cursor: inout JSONCursor) throws -> Wire.FunctionCall? {
        var name: String?, id: String?, args: Wire.ArgumentsText?
        var seen = JSONSeenKeys()
        let present = try cursor.optionalObject { cursor, key in
            if key == "name" {
                try seen.mark(0)
                name = try cursor.optionalString()
            } else if key == "id" {
                try seen.mark(1)
                id = try cursor.optionalString()
            } else if key == "args" {
                try seen.mark(2)
                args = try cursor.null() ? nil : Wire.ArgumentsText(text: String(decoding: try scanValue(&cursor).bytes(), as: UTF8.self))
            } else {
                try cursor.skip()
            }
        }
        return present ? Wire.FunctionCall(name: name, id: id, args: args) : nil
    }

    /// Any JSON value as `ArgumentsText` reads it. Strict: a number that is not a plain integer (or is `-0`)
    /// and a key given twice are Foundation's to read.
    private static func scanValue(_ cursor: inout JSONCursor) throws -> RequestJSON {
        switch cursor.peekByte() {
        case UInt8(ascii: "{"):
            var members: [(key: String, value: RequestJSON)] = []
            var keys: Set<String> = []
            try cursor.object { cursor, key in
                let name = key.text
                guard keys.insert(name).inserted else { throw JSONCursor.Unreadable() }
                members.append((name, try scanValue(&cursor)))
            }
            return .object(members)
        case UInt8(ascii: "["):
            var items: [RequestJSON] = []
            try cursor.array { cursor in items.append(try scanValue(&cursor)) }
            return .array(items)
        case UInt8(ascii: "\""):
            return .string(try cursor.string())
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            return .bool(try cursor.optionalBool() ?? false)
        case UInt8(ascii: "n"):
            _ = try cursor.null()
            return .null
        case UInt8(ascii: "-"):
            guard let value = try cursor.optionalInt(), value != 0 else { throw JSONCursor.Unreadable() }
            return .int(value)
        default:
            guard let value = try cursor.optionalInt() else { throw JSONCursor.Unreadable() }
            return .int(value)
        }
    }

    private static func scanUsage(_ cursor: inout JSONCursor) throws -> Wire.UsageMetadata? {
        var prompt: Int?, candidates: Int?, thoughts: Int?, cached: Int?
        var seen = JSONSeenKeys()
        let present = try cursor.optionalObject { cursor, key in
            if key == "promptTokenCount" {
                try seen.mark(0)
                prompt = try cursor.optionalInt()
            } else if key == "candidatesTokenCount" {
                try seen.mark(1)
                candidates = try cursor.optionalInt()
            } else if key == "thoughtsTokenCount" {
                try seen.mark(2)
                thoughts = try cursor.optionalInt()
            } else if key == "cachedContentTokenCount" {
                try seen.mark(3)
                cached = try cursor.optionalInt()
            } else {
                try cursor.skip()
            }
        }
        return present ? Wire.UsageMetadata(promptTokenCount: prompt, candidatesTokenCount: candidates,
                                            thoughtsTokenCount: thoughts, cachedContentTokenCount: cached) : nil
    }
}
