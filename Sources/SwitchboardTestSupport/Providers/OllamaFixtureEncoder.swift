import Foundation
import SwitchboardCore

/// Ollama's native `/api/chat` stream (reference §6): NDJSON, one object per line, ending with a line that
/// has `"done":true`, the stop reason and the token counts (`prompt_eval_count`, `eval_count`).
struct OllamaFixtureEncoder: FixtureEncoder {
    /// A fixed timestamp in Ollama's format, so bodies are the same on every run.
    static let createdAt = "2026-01-01T00:00:00.123456789Z"

    func stream(_ exchange: FixtureExchange) -> FixtureStream {
        let content = exchange.answer.chunks.map { piece in
            line(["model": .string(exchange.model), "created_at": .string(Self.createdAt),
                  "message": ["role": "assistant", "content": .string(piece)], "done": false])
        }
        let usage = exchange.answer.usage
        let done: FixtureJSON = [
            "model": .string(exchange.model), "created_at": .string(Self.createdAt),
            "message": ["role": "assistant", "content": ""],
            "done": true, "done_reason": .string(exchange.answer.finish == .length ? "length" : "stop"),
            "total_duration": 4_353_619_900, "load_duration": 63_915_300,
            "prompt_eval_count": .int(usage.promptTotal), "prompt_eval_duration": 246_847_000,
            "eval_count": .int(usage.output), "eval_duration": 4_032_296_000,
        ]
        return FixtureStream(headers: HTTPHeaders([("content-type", "application/x-ndjson")]), preamble: [],
                             content: content, closing: [], endMarker: [line(done)], keepAlive: nil)
    }

    func midStreamError(_ exchange: FixtureExchange) -> [UInt8] {
        line(["error": "an error was encountered while running the model: unexpected EOF"])
    }

    func malformedEvent(_ exchange: FixtureExchange) -> [UInt8] {
        Array("{\"model\":\"\(exchange.model)\",\"message\":{\"role\":\"assistant\",\"content\":\"\n".utf8)
    }

    /// A non-2xx status with `{"error":"…"}`.
    func errorResponse(_ failure: FixtureFailure, _ exchange: FixtureExchange) -> FixtureResponse {
        let status: Int
        let message: String
        switch failure {
        case .status(let code, _):
            status = code
            switch code {
            case 404: message = "model \"\(exchange.model)\" not found, try pulling it first"
            case 400..<500: message = "invalid request"
            default: message = "an error was encountered while running the model: unexpected EOF"
            }
        case .contextLength:
            status = 400
            message = "the input length exceeds the context length"
        case .insufficientQuota:
            status = 402
            message = "you have reached your usage limit"
        case .badKey:
            status = 401
            message = "unauthorized"
        case .invalidRequest(let text):
            status = 400
            message = text
        }
        let body: FixtureJSON = ["error": .string(message)]
        return .json(status: status, headers: HTTPHeaders([("content-type", "application/json; charset=utf-8")]),
                     body: body.compact)
    }

    private func line(_ object: FixtureJSON) -> [UInt8] {
        Array((object.compact + "\n").utf8)
    }
}
