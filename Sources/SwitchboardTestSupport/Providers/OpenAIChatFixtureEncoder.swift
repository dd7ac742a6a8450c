import Foundation
import SwitchboardCore

/// OpenAI Chat Completions streams, and OpenRouter's variant of them (reference §1 and §5).
///
/// OpenAI: a role chunk, one chunk per text piece, a finish chunk with an empty delta, the `choices: []`
/// usage chunk only when the request set `stream_options.include_usage` (every chunk then carries
/// `"usage":null`), and `data: [DONE]`. OpenRouter: a `: OPENROUTER PROCESSING` comment first, `provider`
/// and `native_finish_reason` on every chunk, the role repeated in each delta, and usage (with `cost`)
/// always sent in the last chunk.
struct OpenAIChatFixtureEncoder: FixtureEncoder {
    var isOpenRouter: Bool

    func stream(_ exchange: FixtureExchange) -> FixtureStream {
        let answer = exchange.answer
        var content: [[UInt8]] = []
        // Groq asked for `reasoning_format: parsed` writes the thinking in `reasoning`.
        let reasoningFormat = exchange.request.jsonBody()?["reasoning_format"] as? String
        // Thinking: OpenRouter (and Ollama) write `reasoning`; DeepSeek, vLLM and llama.cpp `reasoning_content`.
        // OpenRouter repeats each piece in `reasoning_details`, and sends the signature last with empty text.
        for piece in answer.reasoning {
            let delta: FixtureJSON = isOpenRouter
                ? ["role": "assistant", "content": "", "reasoning": .string(piece),
                   "reasoning_details": [["type": "reasoning.text", "text": .string(piece), "format": "anthropic-claude-v1", "index": 0]]]
                : reasoningFormat == "parsed" ? ["content": nil, "reasoning": .string(piece)]
                : ["content": nil, "reasoning_content": .string(piece)]
            content.append(event(choice(delta: delta, finish: nil), exchange))
        }
        if isOpenRouter, let signature = answer.reasoningSignature {
            let delta: FixtureJSON = ["role": "assistant", "content": "", "reasoning": nil,
                                      "reasoning_details": [["type": "reasoning.text", "text": "", "signature": .string(signature),
                                                             "format": "anthropic-claude-v1", "index": 0]]]
            content.append(event(choice(delta: delta, finish: nil), exchange))
        }
        for piece in answer.chunks where !(piece.isEmpty && !answer.toolCalls.isEmpty) {
            let delta: FixtureJSON = isOpenRouter ? ["role": "assistant", "content": .string(piece)]
                : ["content": .string(piece)]
            content.append(event(choice(delta: delta, finish: nil), exchange))
        }
        for piece in Self.toolCallPieces(answer) {
            content.append(event(choice(delta: ["tool_calls": [piece]], finish: nil), exchange))
        }
        let roleDelta: FixtureJSON = isOpenRouter ? ["role": "assistant", "content": ""]
            : ["role": "assistant", "content": "", "refusal": nil]
        let finishDelta: FixtureJSON = isOpenRouter ? ["role": "assistant", "content": ""] : [:]
        var closing = [event(choice(delta: finishDelta, finish: finishReason(answer.finish)), exchange)]
        if isOpenRouter || exchange.includeUsage {
            closing.append(event(.array([]), exchange, usage: usage(answer)))
        }
        let comment = Array(": OPENROUTER PROCESSING\n\n".utf8)
        return FixtureStream(
            headers: headers(exchange),
            preamble: (isOpenRouter ? [comment] : []) + [event(choice(delta: roleDelta, finish: nil), exchange)],
            content: content,
            closing: closing,
            endMarker: [FixtureEncoding.sse(data: "[DONE]")],
            keepAlive: isOpenRouter ? comment : nil)
    }

    func midStreamError(_ exchange: FixtureExchange) -> [UInt8] {
        if isOpenRouter {
            // Reference §5: one unified chunk with a string code and finish_reason "error".
            let chunk = header(exchange) + [
                .init("error", ["code": "server_error", "message": "Provider disconnected unexpectedly"]),
                .init("choices", [["index": 0, "delta": ["content": ""], "finish_reason": "error",
                                   "native_finish_reason": "error"]]),
            ]
            return FixtureEncoding.sse(data: .object(chunk))
        }
        return FixtureEncoding.sse(data: ["error": [
            "message": "The server had an error while processing your request. Sorry about that!",
            "type": "server_error", "param": nil, "code": nil,
        ]])
    }

    func malformedEvent(_ exchange: FixtureExchange) -> [UInt8] {
        FixtureEncoding.sse(data: "{\"id\":\"chatcmpl-\(FixtureEncoding.id(exchange.sequence))\",\"choices\":[{\"delta\":{\"content\":\"unterminated")
    }

    // MARK: - Chunks

    private func header(_ exchange: FixtureExchange) -> [FixtureJSON.Member] {
        if isOpenRouter {
            return [
                .init("id", .string("gen-\(exchange.created)-\(FixtureEncoding.id(exchange.sequence, length: 20))")),
                .init("provider", .string(exchange.upstreamProvider)),
                .init("model", .string(exchange.model)),
                .init("object", "chat.completion.chunk"),
                .init("created", .int(exchange.created)),
            ]
        }
        return [
            .init("id", .string("chatcmpl-\(FixtureEncoding.id(exchange.sequence, length: 29))")),
            .init("object", "chat.completion.chunk"),
            .init("created", .int(exchange.created)),
            .init("model", .string(exchange.model)),
            .init("service_tier", "default"),
            .init("system_fingerprint", "fp_fixture01"),
        ]
    }

    private func choice(delta: FixtureJSON, finish: String?) -> FixtureJSON {
        if isOpenRouter {
            return [["index": 0, "delta": delta, "finish_reason": .optional(finish),
                     "native_finish_reason": .optional(finish), "logprobs": nil]]
        }
        return [["index": 0, "delta": delta, "logprobs": nil, "finish_reason": .optional(finish)]]
    }

    private func event(_ choices: FixtureJSON, _ exchange: FixtureExchange, usage: FixtureJSON? = nil) -> [UInt8] {
        var members = header(exchange) + [.init("choices", choices)]
        if let usage {
            members.append(.init("usage", usage))
        } else if exchange.includeUsage && !isOpenRouter {
            members.append(.init("usage", nil))
        }
        return FixtureEncoding.sse(data: .object(members))
    }

    private func finishReason(_ finish: FixtureAnswer.Finish) -> String {
        switch finish {
        case .stop: "stop"
        case .length: "length"
        case .toolCalls: "tool_calls"
        }
    }

    /// Each call's first piece names it with empty arguments, as OpenAI sends it; then its argument pieces,
    /// call after call or round-robin.
    static func toolCallPieces(_ answer: FixtureAnswer) -> [FixtureJSON] {
        var perCall: [[FixtureJSON]] = answer.toolCalls.enumerated().map { index, call in
            let head: FixtureJSON = ["index": .int(index), "id": .string(call.id), "type": "function",
                                     "function": ["name": .string(call.name), "arguments": ""]]
            return [head] + call.argumentChunks.map { ["index": .int(index), "function": ["arguments": .string($0)]] }
        }
        guard answer.interleaveToolCalls else { return perCall.flatMap { $0 } }
        var pieces: [FixtureJSON] = []
        while perCall.contains(where: { !$0.isEmpty }) {
            for index in perCall.indices where !perCall[index].isEmpty { pieces.append(perCall[index].removeFirst()) }
        }
        return pieces
    }

    /// `prompt_tokens` counts cached and cache-write tokens too; `completion_tokens` includes reasoning.
    private func usage(_ answer: FixtureAnswer) -> FixtureJSON {
        let usage = answer.usage
        var promptDetails: [FixtureJSON.Member] = [.init("cached_tokens", .int(usage.cacheRead))]
        if usage.cacheWrite > 0 || isOpenRouter {
            promptDetails.append(.init("cache_write_tokens", .int(usage.cacheWrite)))
        }
        promptDetails.append(.init("audio_tokens", 0))
        if isOpenRouter {
            return [
                "prompt_tokens": .int(usage.promptTotal), "completion_tokens": .int(usage.output),
                "total_tokens": .int(usage.total), "cost": .decimal(answer.cost), "is_byok": false,
                "prompt_tokens_details": .object(promptDetails),
                "cost_details": ["upstream_inference_cost": nil,
                                 "upstream_inference_prompt_cost": 0, "upstream_inference_completions_cost": 0],
                "completion_tokens_details": ["reasoning_tokens": .int(usage.reasoning), "image_tokens": 0],
            ]
        }
        return [
            "prompt_tokens": .int(usage.promptTotal), "completion_tokens": .int(usage.output),
            "total_tokens": .int(usage.total),
            "prompt_tokens_details": .object(promptDetails),
            "completion_tokens_details": ["reasoning_tokens": .int(usage.reasoning), "audio_tokens": 0,
                                          "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0],
        ]
    }

    private func headers(_ exchange: FixtureExchange) -> HTTPHeaders {
        if isOpenRouter {
            return HTTPHeaders([
                ("content-type", "text/event-stream"),
                ("cache-control", "no-cache"),
                ("access-control-allow-origin", "*"),
                ("x-generation-id", "gen-\(exchange.created)-\(FixtureEncoding.id(exchange.sequence, length: 20))"),
            ])
        }
        return HTTPHeaders([
            ("content-type", "text/event-stream; charset=utf-8"),
            ("openai-processing-ms", "212"),
            ("openai-version", "2020-10-01"),
            ("x-request-id", "req_" + FixtureEncoding.id(exchange.sequence, length: 32)),
        ] + OpenAIChatFixtureEncoder.rateLimitHeaders(remainingRequests: 9_999, remainingTokens: 199_000))
    }

    static func rateLimitHeaders(remainingRequests: Int, remainingTokens: Int) -> [(String, String)] {
        [
            ("x-ratelimit-limit-requests", "10000"),
            ("x-ratelimit-limit-tokens", "200000"),
            ("x-ratelimit-remaining-requests", String(remainingRequests)),
            ("x-ratelimit-remaining-tokens", String(remainingTokens)),
            ("x-ratelimit-reset-requests", "6ms"),
            ("x-ratelimit-reset-tokens", "300ms"),
        ]
    }
}
