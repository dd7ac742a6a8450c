import Foundation
import SwitchboardCore

/// Errors in Anthropic's shape, `{"type":"error","error":{"type","message"}}`, with the status its clients
/// expect for each type (reference §3): 400 `invalid_request_error`, 401 `authentication_error`, 402
/// `billing_error`, 403 `permission_error`, 404 `not_found_error`, 413 `request_too_large`, 429
/// `rate_limit_error`, 500 `api_error`, 504 `timeout_error`, 529 `overloaded_error`. The gateway decides a
/// failure's HTTP status once for every wire; this turns it into Anthropic's pair. A 503 (no deployment can
/// take the request now) is Anthropic's 529 `overloaded_error`, which its SDKs retry; other 5xx are `api_error`.
enum AnthropicErrorEncoder {
    struct Mapped: Equatable {
        var status: Int
        var type: String
    }

    static func map(status: Int) -> Mapped {
        switch status {
        case 400: Mapped(status: 400, type: "invalid_request_error")
        case 401: Mapped(status: 401, type: "authentication_error")
        case 402: Mapped(status: 402, type: "billing_error")
        case 403: Mapped(status: 403, type: "permission_error")
        case 404: Mapped(status: 404, type: "not_found_error")
        case 413: Mapped(status: 413, type: "request_too_large")
        case 429: Mapped(status: 429, type: "rate_limit_error")
        case 503, 529: Mapped(status: 529, type: "overloaded_error")
        case 504: Mapped(status: 504, type: "timeout_error")
        case 500...: Mapped(status: 500, type: "api_error")
        default: Mapped(status: 400, type: "invalid_request_error")
        }
    }

    /// A gateway error in Anthropic's pair of status and type.
    static func map(_ error: GatewayError) -> Mapped { map(status: error.status) }

    /// The error body.
    static func body(type: String, message: String) -> [UInt8] {
        let object = RequestJSON.object([
            ("error", .object([("message", .string(message)), ("type", .string(type))])),
            ("type", .string("error")),
        ])
        // Strings and objects only: nothing here can fail to encode.
        return (try? object.bytes()) ?? Array(#"{"error":{"message":"internal error","type":"api_error"},"type":"error"}"#.utf8)
    }

    /// `event: error` for a failure after the stream began: the status is already 200, so the type says it.
    static func event(type: String, message: String) -> [UInt8] {
        AnthropicSSE.event("error", data: body(type: type, message: message))
    }
}

/// One SSE event as Anthropic writes it: an `event:` line naming the type, the JSON on one `data:` line.
enum AnthropicSSE {
    static func event(_ name: String, data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(data.count + name.utf8.count + 16)
        out.append(contentsOf: "event: ".utf8)
        out.append(contentsOf: name.utf8)
        out.append(contentsOf: "\ndata: ".utf8)
        out.append(contentsOf: data)
        out.append(contentsOf: "\n\n".utf8)
        return out
    }
}
