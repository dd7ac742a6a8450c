import Foundation

/// Where the request's prompt-cache breakpoints go. Anthropic caches the prefix up to a block marked
/// `cache_control` (tools, then system, then messages, in that order), allows four marks, and caches nothing
/// shorter than 1,024 tokens (2,048 on Haiku). Up to three marks are placed, each only where the prefix it
/// ends is long enough to be cached, so a short request goes out exactly as it would without caching:
/// - the last tool, when the tools alone are long enough (they change least);
/// - the end of the system prompt, when tools and system are;
/// - the end of the turn before the newest user turn: the conversation as it stood last turn, which the next
///   turn sends again unchanged. Each turn then writes only what it added and reads the rest (the API looks
///   back from a mark for an earlier cached prefix).
struct AnthropicCaching {
    var tools = false
    var system = false
    /// The turn whose last block ends the cached conversation prefix.
    var prefixTurn: Int?

    static let minimumTokens = 1_024
    static var marker: (key: String, value: RequestJSON) { ("cache_control", .object([("type", .string("ephemeral"))])) }

    static let off = AnthropicCaching()

    init() {}

    init(toolTokens: Int, systemTokens: Int, turns: [AnthropicMessages.Turn]) {
        tools = toolTokens >= Self.minimumTokens
        system = systemTokens > 0 && toolTokens + systemTokens >= Self.minimumTokens
        guard let newestUser = turns.lastIndex(where: { $0.role == .user }), newestUser > 0 else { return }
        var total = toolTokens + systemTokens
        for turn in turns[..<newestUser] { total += turn.estimatedTokens }
        let last = newestUser - 1
        if total >= Self.minimumTokens, turns[last].all.contains(where: AnthropicMessages.canCache) {
            prefixTurn = last
        }
    }

    var count: Int { (tools ? 1 : 0) + (system ? 1 : 0) + (prefixTurn == nil ? 0 : 1) }
}
