import Foundation
import Hummingbird
import SwitchboardCore

/// OpenAI's error shape: `{"error": {"message", "type", "code"}}`, as a response body or as one SSE event.
public enum OpenAIChatErrors {
    /// The JSON body.
    public static func body(_ error: GatewayError) -> [UInt8] {
        let object = RequestJSON.object([
            (key: "error", value: .object([
                (key: "code", value: error.code.map(RequestJSON.string) ?? .null),
                (key: "message", value: .string(error.message)),
                (key: "param", value: .null),
                (key: "type", value: .string(error.type)),
            ])),
        ])
        // Strings, nulls and objects only: nothing here can fail to encode.
        return (try? object.bytes()) ?? Array(#"{"error":{"message":"internal error","type":"server_error"}}"#.utf8)
    }

    /// The error as an SSE event after the stream has begun: `data: {...}` and a blank line, no `[DONE]`.
    public static func event(_ error: GatewayError) -> [UInt8] {
        Array("data: ".utf8) + body(error) + Array("\n\n".utf8)
    }

    static func response(_ error: GatewayError, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        if let seconds = error.retryAfterSeconds { fields[.retryAfter] = String(seconds) }
        return GatewayResponse.json(status: .init(code: error.status), body: body(error), headers: fields)
    }
}
