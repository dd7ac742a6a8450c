import Foundation
import SwitchboardCore

/// Gemini `streamGenerateContent?alt=sse` streams (reference §4).
///
/// Only `data:` lines, CRLF-framed, no `event:` lines and no sentinel. Each chunk is a partial
/// GenerateContentResponse with running `usageMetadata`; the last one carries the last text piece,
/// `finishReason` and the complete usage (`cachedContentTokenCount` and `thoughtsTokenCount` when non-zero),
/// and then the body simply ends.
struct GeminiFixtureEncoder: FixtureEncoder {
    /// Thought summaries first (`thought: true`, the last one signed), then the text pieces (the first followed by
    /// an `inlineData` part echoing the request's first inline attachment, the way image-output models answer),
    /// then every function call in ONE chunk, the first call signed, as Gemini sends parallel calls.
    func stream(_ exchange: FixtureExchange) -> FixtureStream {
        let answer = exchange.answer
        var chunkParts: [[FixtureJSON]] = []
        for (index, piece) in answer.reasoning.enumerated() {
            var part: [FixtureJSON.Member] = [.init("text", .string(piece)), .init("thought", true)]
            if index == answer.reasoning.count - 1 {
                part.append(.init("thoughtSignature", .string(Self.thoughtSignature(exchange))))
            }
            chunkParts.append([.object(part)])
        }
        var echo = Self.inlineDataEcho(exchange)
        for piece in answer.chunks where !(piece.isEmpty && !answer.toolCalls.isEmpty) {
            var parts: [FixtureJSON] = [["text": .string(piece)]]
            if let inline = echo {
                parts.append(["inlineData": inline])
                echo = nil
            }
            chunkParts.append(parts)
        }
        if !answer.toolCalls.isEmpty {
            chunkParts.append(answer.toolCalls.enumerated().map { index, call in
                var part: [FixtureJSON.Member] = [
                    .init("functionCall", ["name": .string(call.name), "args": Self.arguments(call.arguments)]),
                ]
                if index == 0 { part.append(.init("thoughtSignature", .string(Self.callSignature(exchange)))) }
                return .object(part)
            })
        }
        var events: [[UInt8]] = []
        for (index, parts) in chunkParts.enumerated() {
            let isLast = index == chunkParts.count - 1
            var candidate: [FixtureJSON.Member] = [.init("content", ["parts": .array(parts), "role": "model"])]
            if isLast { candidate.append(.init("finishReason", .string(finishReason(answer.finish)))) }
            candidate.append(.init("index", 0))
            let chunk: FixtureJSON = [
                "candidates": [.object(candidate)],
                "usageMetadata": usage(answer.usage, sent: index + 1, of: chunkParts.count),
                "modelVersion": .string(exchange.model),
                "responseId": .string(responseID(exchange)),
            ]
            events.append(event(chunk))
        }
        let last = events.removeLast()
        return FixtureStream(headers: headers(), preamble: [], content: events, closing: [], endMarker: [last],
                             keepAlive: nil)
    }

    /// The signature on the last thought part: the answer's own, or one made from the request's sequence.
    static func thoughtSignature(_ exchange: FixtureExchange) -> String {
        exchange.answer.reasoningSignature ?? Data("gemini-thought-\(exchange.sequence)".utf8).base64EncodedString()
    }

    /// The signature on the first function call of a reply.
    static func callSignature(_ exchange: FixtureExchange) -> String {
        Data("gemini-call-\(exchange.sequence)".utf8).base64EncodedString()
    }

    /// The first `inlineData` of the request's contents, or nil.
    private static func inlineDataEcho(_ exchange: FixtureExchange) -> FixtureJSON? {
        let contents = exchange.request.jsonBody()?["contents"] as? [[String: Any]] ?? []
        for content in contents {
            for part in content["parts"] as? [[String: Any]] ?? [] {
                if let inline = part["inlineData"] { return json(inline) }
            }
        }
        return nil
    }

    /// A call's arguments as the object Gemini streams (keys sorted); `{}` for text that is not an object.
    private static func arguments(_ text: String) -> FixtureJSON {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)), object is [String: Any] else {
            return .object([])
        }
        return json(object)
    }

    private static func json(_ value: Any) -> FixtureJSON {
        switch value {
        case let object as [String: Any]:
            return .object(object.keys.sorted().map { FixtureJSON.Member($0, json(object[$0] as Any)) })
        case let array as [Any]:
            return .array(array.map(json))
        case let text as String:
            return .string(text)
        case let number as NSNumber:
            let type = String(cString: number.objCType)
            if type == "c" || type == "B" { return .bool(number.boolValue) }
            if number.doubleValue == number.doubleValue.rounded(), abs(number.doubleValue) < 1e15 { return .int(number.intValue) }
            return .number(number.stringValue)
        default:
            return .null
        }
    }

    func midStreamError(_ exchange: FixtureExchange) -> [UInt8] {
        event(["error": ["code": 503, "message": "The model is overloaded. Please try again later.",
                         "status": "UNAVAILABLE"]])
    }

    func malformedEvent(_ exchange: FixtureExchange) -> [UInt8] {
        FixtureEncoding.sse(data: "{\"candidates\": [{\"content\": {\"parts\": [{\"text\": ", lineEnd: "\r\n")
    }

    private func event(_ data: FixtureJSON) -> [UInt8] {
        FixtureEncoding.sse(data: data.spaced, lineEnd: "\r\n")
    }

    private func finishReason(_ finish: FixtureAnswer.Finish) -> String {
        switch finish {
        case .stop, .toolCalls: "STOP"
        case .length: "MAX_TOKENS"
        }
    }

    private func responseID(_ exchange: FixtureExchange) -> String {
        FixtureEncoding.id(exchange.sequence, length: 22)
    }

    /// Running counts: thoughts come before the text, candidates grow with it; the last chunk is complete.
    /// `promptTokenCount` includes cached tokens; billed output is candidates + thoughts.
    private func usage(_ usage: Usage, sent: Int, of total: Int) -> FixtureJSON {
        let prompt = usage.promptTotal
        let allCandidates = usage.output - usage.reasoning
        let candidates = sent == total ? allCandidates : allCandidates * sent / total
        var members: [FixtureJSON.Member] = [
            .init("promptTokenCount", .int(prompt)),
            .init("candidatesTokenCount", .int(candidates)),
            .init("totalTokenCount", .int(prompt + candidates + usage.reasoning)),
        ]
        if usage.cacheRead > 0 { members.append(.init("cachedContentTokenCount", .int(usage.cacheRead))) }
        members.append(.init("promptTokensDetails", [["modality": "TEXT", "tokenCount": .int(prompt)]]))
        if usage.cacheRead > 0 {
            members.append(.init("cacheTokensDetails", [["modality": "TEXT", "tokenCount": .int(usage.cacheRead)]]))
        }
        if usage.reasoning > 0 { members.append(.init("thoughtsTokenCount", .int(usage.reasoning))) }
        return .object(members)
    }

    private func headers() -> HTTPHeaders {
        HTTPHeaders([
            ("content-type", "text/event-stream"),
            ("vary", "Origin, X-Origin, Referer"),
            ("server", "scaffolding on HTTPServer2"),
            ("x-content-type-options", "nosniff"),
        ])
    }
}

/// Error responses: `{"error":{"code","message","status","details"}}`, pretty-printed as Google does. The
/// wait hint lives only in a RetryInfo detail; there are no rate-limit headers.
extension GeminiFixtureEncoder {
    func errorResponse(_ failure: FixtureFailure, _ exchange: FixtureExchange) -> FixtureResponse {
        let code: Int
        let message: String
        var details: [FixtureJSON] = []
        switch failure {
        case .status(429, let retryAfter):
            code = 429
            let wait = retryAfter.map { " Please retry in \(FixtureEncoding.decimalSeconds($0))s." } ?? ""
            message = "You exceeded your current quota, please check your plan and billing details. For more "
                + "information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits." + wait
            details = [quotaFailure(exchange, limit: 250_000), help()]
            if let retryAfter { details.append(retryInfo(retryAfter)) }
        case .status(let other, let retryAfter):
            code = other
            message = Self.statusMessage(other, model: exchange.model)
            if let retryAfter { details.append(retryInfo(retryAfter)) }
        case .contextLength:
            code = 400
            message = "The input token count (1200412) exceeds the maximum number of tokens allowed (1048576)."
        case .insufficientQuota:
            code = 429
            message = "You exceeded your current quota, please check your plan and billing details. For more "
                + "information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits."
            details = [quotaFailure(exchange, limit: 0), help()]
        case .badKey:
            code = 400
            message = "API key not valid. Please pass a valid API key."
            details = [["@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID",
                        "domain": "googleapis.com",
                        "metadata": ["service": "generativelanguage.googleapis.com"]]]
        case .invalidRequest(let text):
            code = 400
            message = text
        }
        var error: [FixtureJSON.Member] = [
            .init("code", .int(code)), .init("message", .string(message)),
            .init("status", .string(Self.statusName(code))),
        ]
        if !details.isEmpty { error.append(.init("details", .array(details))) }
        let body: FixtureJSON = ["error": .object(error)]
        return .json(status: code, headers: HTTPHeaders([("content-type", "application/json; charset=UTF-8")]),
                     body: body.pretty(indent: 2))
    }

    static func statusName(_ code: Int) -> String {
        switch code {
        case 400: "INVALID_ARGUMENT"
        case 401: "UNAUTHENTICATED"
        case 403: "PERMISSION_DENIED"
        case 404: "NOT_FOUND"
        case 429: "RESOURCE_EXHAUSTED"
        case 499: "CANCELLED"
        case 503: "UNAVAILABLE"
        case 504: "DEADLINE_EXCEEDED"
        default: "INTERNAL"
        }
    }

    private static func statusMessage(_ code: Int, model: String) -> String {
        switch code {
        case 401: "Request had invalid authentication credentials."
        case 403: "Method doesn't allow unregistered callers (callers without established identity)."
        case 404: "models/\(model) is not found for API version v1beta, or is not supported for generateContent."
        case 503: "The model is overloaded. Please try again later."
        case 504: "Deadline expired before operation could complete."
        case 400..<500: "Request contains an invalid argument."
        default: "An internal error has occurred. Please retry or report in "
            + "https://developers.generativeai.google/guide/troubleshooting"
        }
    }

    private func quotaFailure(_ exchange: FixtureExchange, limit: Int) -> FixtureJSON {
        ["@type": "type.googleapis.com/google.rpc.QuotaFailure",
         "violations": [[
             "quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_input_token_count",
             "quotaId": "GenerateContentInputTokensPerModelPerMinute-FreeTier",
             "quotaDimensions": ["location": "global", "model": .string(exchange.model)],
             "quotaValue": .string(String(limit)),
         ]]]
    }

    private func help() -> FixtureJSON {
        ["@type": "type.googleapis.com/google.rpc.Help",
         "links": [["description": "Learn more about Gemini API quotas",
                    "url": "https://ai.google.dev/gemini-api/docs/rate-limits"]]]
    }

    private func retryInfo(_ wait: Duration) -> FixtureJSON {
        ["@type": "type.googleapis.com/google.rpc.RetryInfo",
         "retryDelay": .string(FixtureEncoding.decimalSeconds(wait) + "s")]
    }
}
