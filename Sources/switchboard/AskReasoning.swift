import ArgumentParser
import SwitchboardCore

/// `ask --reasoning off|low|medium|high`: how much the model should think, in each provider's own words
/// (OpenAI `reasoning_effort`, OpenRouter `reasoning.effort`, Anthropic and Gemini thinking budgets).
enum AskReasoning: String, CaseIterable, ExpressibleByArgument {
    case off, low, medium, high

    var setting: ReasoningSetting {
        switch self {
        case .off: .off
        case .low: .effort(.low)
        case .medium: .effort(.medium)
        case .high: .effort(.high)
        }
    }
}
