import Foundation
import HTTPTypes
import SwitchboardCore

/// How a request names its conversation. The `X-Switchboard-Session` header wins; else the body's
/// `metadata.session_id`, `metadata.conversation_id`, `metadata.user_id` (Anthropic's; Claude Code puts its
/// session in it), `prompt_cache_key` (OpenAI's; Codex sends its conversation's id), then OpenAI's `user`: the
/// most specific name first. Without any, the request is grouped per key and local day.
public enum GatewaySessionID {
    /// The request header naming the conversation, and the response header giving the session it landed in.
    public static let header = GatewayHeaders.name("x-switchboard-session")
    /// The header's longest id, in characters.
    public static let maxHeaderLength = 128
    /// A body field longer than this (or holding control characters) names no conversation: it is not an id.
    static let maxBodyLength = 1024

    /// The header's id, or a 400 saying what is wrong with it.
    public static func fromHeader(_ value: String) throws(GatewayError) -> String {
        guard !value.isEmpty, value.count <= maxHeaderLength else {
            throw .badRequest("'X-Switchboard-Session' must be 1 to \(maxHeaderLength) characters", code: "invalid_session")
        }
        guard isPrintable(value) else {
            throw .badRequest("'X-Switchboard-Session' must hold printable characters only", code: "invalid_session")
        }
        return value
    }

    /// The body's name for the conversation (`metadata` as sent, `prompt_cache_key`, OpenAI's `user`), or nil.
    public static func fromBody(metadata: JSONValue?, promptCacheKey: JSONValue? = nil, user: JSONValue? = nil) -> String? {
        var candidates: [JSONValue?] = []
        if case .object(let fields)? = metadata {
            candidates = [fields["session_id"], fields["conversation_id"], fields["user_id"]]
        }
        candidates += [promptCacheKey, user]
        for case .string(let text)? in candidates where !text.isEmpty && text.count <= maxBodyLength && isPrintable(text) {
            return text
        }
        return nil
    }

    static func isPrintable(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.properties.generalCategory != .control }
    }
}
