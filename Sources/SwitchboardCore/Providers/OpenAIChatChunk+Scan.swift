/// The fast path for `OpenAIChatChunk`: the same fields, read with `JSONCursor` instead of `JSONDecoder`.
/// Throws `JSONCursor.Unreadable` for anything it does not vouch for (see `JSONCursor`), and for a reported
/// `usage.cost`, whose exact decimal Foundation reads from the number's text.
extension OpenAIChatChunk {
    /// `previousModel`: the model the last chunk named, reused (not allocated again) when this one names it too.
    static func scan(_ data: String, previousModel: String? = nil) throws -> OpenAIChatChunk {
        var data = data
        return try data.withUTF8 { try scan($0, previousModel: previousModel) }
    }

    static func scan(_ data: UnsafeBufferPointer<UInt8>, previousModel: String? = nil) throws -> OpenAIChatChunk {
        var chunk = OpenAIChatChunk()
        var seen = JSONSeenKeys()
        try JSONCursor.readObject(data) { cursor, key in
            if key == "object" {
                try seen.mark(0)
                chunk.object = try cursor.optionalString(among: knownObjects)
            } else if key == "model" {
                try seen.mark(1)
                chunk.model = try cursor.optionalString(reusing: previousModel)
            } else if key == "choices" {
                try seen.mark(2)
                chunk.choices = try cursor.null() ? nil : scanChoices(&cursor)
            } else if key == "usage" {
                try seen.mark(3)
                chunk.usage = try OpenAIWireUsage.scan(&cursor)
            } else if key == "error" {
                try seen.mark(4)
                if try !cursor.null() {
                    try cursor.skip()
                    chunk.error = Present()
                }
            } else {
                try cursor.skip()
            }
        }
        return chunk
    }

    private static let knownObjects = ["chat.completion.chunk"]

    private static func scanChoices(_ cursor: inout JSONCursor) throws -> [Choice] {
        var choices: [Choice] = []
        try cursor.array { cursor in
            var choice = Choice()
            var seen = JSONSeenKeys()
            try cursor.object { cursor, key in
                if key == "index" {
                    try seen.mark(0)
                    choice.index = try cursor.optionalInt()
                } else if key == "delta" {
                    try seen.mark(1)
                    var delta = Choice.Delta()
                    var seenDelta = JSONSeenKeys()
                    var reasoningContent: String?
                    var reasoning: String?
                    let present = try cursor.optionalObject { cursor, key in
                        if key == "content" {
                            try seenDelta.mark(0)
                            delta.content = try cursor.optionalString()
                        } else if key == "reasoning_content" {
                            try seenDelta.mark(1)
                            reasoningContent = try cursor.optionalString()
                        } else if key == "reasoning" {
                            try seenDelta.mark(2)
                            reasoning = try cursor.optionalString()
                        } else if key == "tool_calls" {
                            try seenDelta.mark(3)
                            delta.toolCalls = try cursor.null() ? nil : scanToolCalls(&cursor)
                        } else if key == "reasoning_details" {
                            try seenDelta.mark(4)
                            delta.reasoningDetails = try cursor.null() ? nil : scanReasoningDetails(&cursor)
                        } else {
                            try cursor.skip()
                        }
                    }
                    delta.reasoning = reasoningContent ?? reasoning
                    choice.delta = present ? delta : nil
                } else if key == "finish_reason" {
                    try seen.mark(2)
                    choice.finishReason = try cursor.optionalString()
                } else {
                    try cursor.skip()
                }
            }
            choices.append(choice)
        }
        return choices
    }
}

extension OpenAIChatChunk {
    /// OpenRouter's `reasoning_details`: the string members Switchboard reads, the rest skipped.
    private static func scanReasoningDetails(_ cursor: inout JSONCursor) throws -> [Choice.ReasoningDetail] {
        var details: [Choice.ReasoningDetail] = []
        try cursor.array { cursor in
            var detail = Choice.ReasoningDetail()
            var seen = JSONSeenKeys()
            try cursor.object { cursor, key in
                if key == "type" {
                    try seen.mark(0)
                    detail.type = try cursor.optionalString()
                } else if key == "text" {
                    try seen.mark(1)
                    detail.text = try cursor.optionalString()
                } else if key == "signature" {
                    try seen.mark(2)
                    detail.signature = try cursor.optionalString()
                } else if key == "data" {
                    try seen.mark(3)
                    detail.data = try cursor.optionalString()
                } else if key == "summary" {
                    try seen.mark(4)
                    detail.summary = try cursor.optionalString()
                } else {
                    try cursor.skip()
                }
            }
            details.append(detail)
        }
        return details
    }

    /// `[{"index":0,"id":"call_…","type":"function","function":{"name":"…","arguments":"…"}}]`.
    private static func scanToolCalls(_ cursor: inout JSONCursor) throws -> [Choice.ToolCallPiece] {
        var pieces: [Choice.ToolCallPiece] = []
        try cursor.array { cursor in
            var piece = Choice.ToolCallPiece()
            var seen = JSONSeenKeys()
            try cursor.object { cursor, key in
                if key == "index" {
                    try seen.mark(0)
                    piece.index = try cursor.optionalInt()
                } else if key == "id" {
                    try seen.mark(1)
                    piece.id = try cursor.optionalString()
                } else if key == "function" {
                    try seen.mark(2)
                    var function = Choice.ToolCallPiece.Function()
                    var seenFunction = JSONSeenKeys()
                    let present = try cursor.optionalObject { cursor, key in
                        if key == "name" {
                            try seenFunction.mark(0)
                            function.name = try cursor.optionalString()
                        } else if key == "arguments" {
                            try seenFunction.mark(1)
                            function.arguments = try cursor.optionalString()
                        } else {
                            try cursor.skip()
                        }
                    }
                    piece.function = present ? function : nil
                } else {
                    try cursor.skip()
                }
            }
            pieces.append(piece)
        }
        return pieces
    }
}

extension OpenAIWireUsage {
    /// `usage`, or nil for `null`.
    static func scan(_ cursor: inout JSONCursor) throws -> OpenAIWireUsage? {
        var usage = OpenAIWireUsage()
        var seen = JSONSeenKeys()
        let present = try cursor.optionalObject { cursor, key in
            if key == "prompt_tokens" {
                try seen.mark(0)
                usage.promptTokens = try cursor.optionalInt()
            } else if key == "completion_tokens" {
                try seen.mark(1)
                usage.completionTokens = try cursor.optionalInt()
            } else if key == "prompt_cache_hit_tokens" {
                try seen.mark(2)
                usage.promptCacheHitTokens = try cursor.optionalInt()
            } else if key == "prompt_tokens_details" {
                try seen.mark(3)
                var details = PromptDetails()
                var seenDetail = JSONSeenKeys()
                let present = try cursor.optionalObject { cursor, key in
                    if key == "cached_tokens" {
                        try seenDetail.mark(0)
                        details.cachedTokens = try cursor.optionalInt()
                    } else if key == "cache_write_tokens" {
                        try seenDetail.mark(1)
                        details.cacheWriteTokens = try cursor.optionalInt()
                    } else {
                        try cursor.skip()
                    }
                }
                usage.promptDetails = present ? details : nil
            } else if key == "completion_tokens_details" {
                try seen.mark(4)
                var details = CompletionDetails()
                var seenDetail = false
                let present = try cursor.optionalObject { cursor, key in
                    guard key == "reasoning_tokens" else { return try cursor.skip() }
                    guard !seenDetail else { throw JSONCursor.Unreadable() }
                    seenDetail = true
                    details.reasoningTokens = try cursor.optionalInt()
                }
                usage.completionDetails = present ? details : nil
            } else if key == "cost" {
                // Decimal from the number's text is Foundation's job; only OpenRouter sends it, once a stream.
                guard try cursor.null() else { throw JSONCursor.Unreadable() }
            } else {
                try cursor.skip()
            }
        }
        return present ? usage : nil
    }
}
