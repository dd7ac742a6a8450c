import Foundation
import SwitchboardCore

/// `POST /v1/messages/count_tokens`: the prompt counted for the model the request would be routed to, with the
/// bundled tokenizer where Switchboard has that model's (OpenAI's families), else with the offline estimate
/// (Anthropic publishes no tokenizer that runs offline, nor does Gemini). The answer is Anthropic's
/// `{"input_tokens": N}`; `x-switchboard-estimated` says whether N is exact, since the body has no room to say so.
enum CountTokensAnswer {
    static let estimatedHeader = "x-switchboard-estimated"

    /// The count for `model` (a canonical id) served by `provider`.
    static func count(_ request: AnthropicMessagesRequest, model: String, provider: String?) -> TokenCount {
        RequestTokens.count(request.messages, options: request.options,
                            counter: .forModel(model, provider: provider))
    }

    static func body(_ count: TokenCount) throws -> [UInt8] {
        try RequestJSON.object([("input_tokens", .int(count.tokens))]).bytes()
    }
}
