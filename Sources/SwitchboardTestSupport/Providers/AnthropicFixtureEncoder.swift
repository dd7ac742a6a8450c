import Foundation
import SwitchboardCore

/// Anthropic Messages streams (reference §3): every event has an `event:` line matching its `type`.
///
/// `message_start` (usage with input and cache fields, `output_tokens: 1`), `content_block_start`, `ping`,
/// one `content_block_delta`/`text_delta` per text piece, `content_block_stop`, `message_delta` (stop reason
/// and the cumulative `output_tokens`), `message_stop`.
///
/// An answer with thinking, redacted thinking or tool calls streams one block after another, as the API does:
/// a `thinking` block (`thinking_delta` pieces, then a `signature_delta`), each `redacted_thinking` block
/// (its data in the start event), the text block, then one `tool_use` block per call (id and name in the start,
/// `input: {}`, then `input_json_delta` pieces exactly as split).
struct AnthropicFixtureEncoder: FixtureEncoder {
    func stream(_ exchange: FixtureExchange) -> FixtureStream {
        let usage = exchange.answer.usage
        let start: FixtureJSON = [
            "type": "message_start",
            "message": [
                "id": .string(messageID(exchange)), "type": "message", "role": "assistant",
                "model": .string(exchange.model), "content": [], "stop_reason": nil, "stop_sequence": nil,
                "usage": [
                    "input_tokens": .int(usage.input),
                    "cache_creation_input_tokens": .int(usage.cacheWrite + usage.cacheWrite1h),
                    "cache_read_input_tokens": .int(usage.cacheRead),
                    "cache_creation": ["ephemeral_5m_input_tokens": .int(usage.cacheWrite),
                                       "ephemeral_1h_input_tokens": .int(usage.cacheWrite1h)],
                    "output_tokens": 1,
                    "service_tier": "standard",
                ],
            ],
        ]
        let answer = exchange.answer
        let plain = answer.reasoning.isEmpty && answer.redactedThinking.isEmpty && answer.toolCalls.isEmpty
        let blockStart: FixtureJSON = ["type": "content_block_start", "index": 0,
                                       "content_block": ["type": "text", "text": ""]]
        var content = exchange.answer.chunks.map { piece in
            event("content_block_delta", ["type": "content_block_delta", "index": 0,
                                          "delta": ["type": "text_delta", "text": .string(piece)]])
        }
        var lastIndex = 0
        if !plain {
            (content, lastIndex) = blocks(answer)
        }
        let stopReason = switch exchange.answer.finish {
        case .stop: "end_turn"
        case .length: "max_tokens"
        case .toolCalls: "tool_use"
        }
        let messageDelta: FixtureJSON = [
            "type": "message_delta",
            "delta": ["stop_reason": .string(stopReason), "stop_sequence": nil],
            "usage": ["output_tokens": .int(usage.output)],
        ]
        return FixtureStream(
            headers: headers(exchange, contentType: "text/event-stream; charset=utf-8"),
            // The real server writes the ping payload with a space after the colon.
            preamble: [event("message_start", start)] + (plain ? [event("content_block_start", blockStart)] : [])
                + [FixtureEncoding.sse(data: "{\"type\": \"ping\"}", event: "ping")],
            content: content,
            closing: [event("content_block_stop", ["type": "content_block_stop", "index": .int(lastIndex)]),
                      event("message_delta", messageDelta)],
            endMarker: [event("message_stop", ["type": "message_stop"])],
            keepAlive: nil)
    }

    /// Every block's events but the last block's stop (which closes the stream), and that block's index.
    private func blocks(_ answer: FixtureAnswer) -> ([[UInt8]], Int) {
        var out: [[UInt8]] = []
        var index = -1
        func open(_ block: FixtureJSON) {
            if index >= 0 { out.append(event("content_block_stop", ["type": "content_block_stop", "index": .int(index)])) }
            index += 1
            out.append(event("content_block_start", ["type": "content_block_start", "index": .int(index), "content_block": block]))
        }
        func delta(_ delta: FixtureJSON) {
            out.append(event("content_block_delta", ["type": "content_block_delta", "index": .int(index), "delta": delta]))
        }
        if !answer.reasoning.isEmpty {
            open(["type": "thinking", "thinking": "", "signature": ""])
            for piece in answer.reasoning { delta(["type": "thinking_delta", "thinking": .string(piece)]) }
            if let signature = answer.reasoningSignature { delta(["type": "signature_delta", "signature": .string(signature)]) }
        }
        for data in answer.redactedThinking { open(["type": "redacted_thinking", "data": .string(data)]) }
        if !answer.text.isEmpty || answer.toolCalls.isEmpty {
            open(["type": "text", "text": ""])
            for piece in answer.chunks where !piece.isEmpty { delta(["type": "text_delta", "text": .string(piece)]) }
        }
        for call in answer.toolCalls {
            open(["type": "tool_use", "id": .string(call.id), "name": .string(call.name), "input": [:]])
            for piece in call.argumentChunks { delta(["type": "input_json_delta", "partial_json": .string(piece)]) }
        }
        return (out, index)
    }

    func midStreamError(_ exchange: FixtureExchange) -> [UInt8] {
        event("error", ["type": "error", "error": ["type": "overloaded_error", "message": "Overloaded"]])
    }

    func malformedEvent(_ exchange: FixtureExchange) -> [UInt8] {
        FixtureEncoding.sse(data: "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",",
                            event: "content_block_delta")
    }

    private func event(_ name: String, _ data: FixtureJSON) -> [UInt8] {
        FixtureEncoding.sse(data: data, event: name)
    }

    private func messageID(_ exchange: FixtureExchange) -> String {
        "msg_01" + FixtureEncoding.id(exchange.sequence, length: 22)
    }

    func headers(_ exchange: FixtureExchange, contentType: String) -> HTTPHeaders {
        HTTPHeaders([
            ("content-type", contentType),
            ("cache-control", "no-cache"),
            ("request-id", "req_01" + FixtureEncoding.id(exchange.sequence, length: 22)),
            ("anthropic-ratelimit-requests-limit", "4000"),
            ("anthropic-ratelimit-requests-remaining", "3999"),
            ("anthropic-ratelimit-requests-reset", "2026-01-01T00:00:01Z"),
            ("anthropic-ratelimit-tokens-limit", "400000"),
            ("anthropic-ratelimit-tokens-remaining", "399000"),
            ("anthropic-ratelimit-tokens-reset", "2026-01-01T00:00:01Z"),
        ])
    }
}

/// Error responses: `{"type":"error","error":{"type","message"},"request_id"}` with `request-id` and, when a
/// wait is given, `retry-after` in seconds.
extension AnthropicFixtureEncoder {
    func errorResponse(_ failure: FixtureFailure, _ exchange: FixtureExchange) -> FixtureResponse {
        var headers = HTTPHeaders([("request-id", "req_01" + FixtureEncoding.id(exchange.sequence, length: 22))])
        let status: Int
        let type: String
        let message: String
        switch failure {
        case .status(let code, let retryAfter):
            status = code
            (type, message) = Self.statusText(code)
            if let retryAfter { headers.add("retry-after", FixtureEncoding.retryAfterValue(retryAfter)) }
            if code == 429 {
                headers.add("anthropic-ratelimit-requests-remaining", "0")
                headers.add("anthropic-ratelimit-requests-reset", "2026-01-01T00:00:30Z")
            }
        case .contextLength:
            status = 400
            type = "invalid_request_error"
            message = "prompt is too long: 210412 tokens > 200000 maximum"
        case .insufficientQuota:
            status = 400
            type = "invalid_request_error"
            message = "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing "
                + "to upgrade or purchase credits."
        case .badKey:
            status = 401
            type = "authentication_error"
            message = "invalid x-api-key"
        case .invalidRequest(let text):
            status = 400
            type = "invalid_request_error"
            message = text
        }
        let body: FixtureJSON = [
            "type": "error", "error": ["type": .string(type), "message": .string(message)],
            "request_id": .string("req_01" + FixtureEncoding.id(exchange.sequence, length: 22)),
        ]
        return .json(status: status, headers: headers, body: body.compact)
    }

    private static func statusText(_ status: Int) -> (String, String) {
        switch status {
        case 400: ("invalid_request_error", "Invalid request")
        case 401: ("authentication_error", "invalid x-api-key")
        case 402: ("billing_error", "Your credit balance is too low to access the Anthropic API.")
        case 403: ("permission_error", "Your API key does not have permission to use the specified resource.")
        case 404: ("not_found_error", "Not found")
        case 413: ("request_too_large", "Request exceeds the maximum allowed number of bytes.")
        case 429: ("rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit "
                    + "(https://docs.anthropic.com/en/api/rate-limits); see the response headers for current usage. "
                    + "Please reduce the prompt length or the maximum tokens requested, or try again later.")
        case 504: ("timeout_error", "Request timed out")
        case 529: ("overloaded_error", "Overloaded")
        default: ("api_error", "Internal server error")
        }
    }
}
