import Foundation
import SwitchboardCore

extension Updates {
    /// The words `/effort` takes, in the order a person reads them.
    static let effortLevels = ["off", "low", "medium", "high", "default"]

    /// `/effort LEVEL` sets how much the model thinks from the next turn on; `/effort` alone says what it is.
    static func effort(_ level: String?, _ state: inout AppState) -> [Effect] {
        guard let level else {
            setStatus("effort: \(effortLabel(state.reasoning)) (/effort \(effortLevels.joined(separator: "|")) changes it)",
                      .info, &state)
            return []
        }
        let setting: ReasoningSetting?
        switch level {
        case "off": setting = .off
        case "default": setting = nil
        default:
            guard let effort = ReasoningEffort(rawValue: level) else {
                setStatus("unknown effort “\(TerminalText.inert(level))”: use one of \(effortLevels.joined(separator: ", "))",
                          .warning, &state)
                return []
            }
            setting = .effort(effort)
        }
        state.reasoning = setting
        setStatus("effort \(effortLabel(setting)) from the next turn on", .info, &state)
        return []
    }

    /// "high", "off", "4096 tokens", or "the model's default" when unset.
    static func effortLabel(_ setting: ReasoningSetting?) -> String {
        switch setting {
        case nil: "the model's default"
        case .off: "off"
        case .effort(let effort): effort.rawValue
        case .budget(let tokens): "\(tokens) tokens"
        }
    }
}
