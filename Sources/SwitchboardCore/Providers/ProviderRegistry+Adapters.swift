import Foundation

extension ProviderRegistry {
    /// The one adapter for each wire protocol. The demo server speaks OpenAI Chat.
    public static func adapter(for wire: WireProtocol) -> any ProviderAdapter {
        switch wire {
        case .openAIChat, .demo: OpenAIChatAdapter()
        case .openAICompatible: OpenAICompatibleAdapter()
        case .anthropic: AnthropicAdapter()
        case .gemini: GeminiAdapter()
        }
    }
}
