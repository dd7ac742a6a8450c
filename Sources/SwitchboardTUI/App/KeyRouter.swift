import Foundation

/// Finds what a key means now: the top overlay sees it first, then the focused pane, then the global bindings.
/// A printable key nobody binds types into whatever takes text.
enum KeyRouter {
    /// Commands that still work while an overlay is open.
    static let passThroughOverlays: Set<Command> = [.interrupt, .redraw, .toggleHelp]
    /// The answers to a tool call waiting for approval: they come before typing, wherever the focus is.
    static let toolAnswers: Set<Command> = [.approveToolOnce, .approveToolAlways, .refuseTool, .refuseToolWithReason]

    static func scopes(for state: AppState) -> [KeyScope] {
        if let overlay = state.overlays.last { return [overlay.scope] }
        return [state.focusScope, .global]
    }

    static func action(for key: Key, state: AppState, keymap: Keymap) -> Action? {
        if let overlay = state.overlays.last {
            let scope = overlay.scope
            if let binding = keymap.binding(for: key, in: scope, state: state) { return .command(binding.command) }
            if scope.takesText, let text = key.typedText { return .typeText(text) }
            if let binding = keymap.binding(for: key, in: .global, state: state),
               passThroughOverlays.contains(binding.command) {
                return .command(binding.command)
            }
            return nil
        }
        if !state.tools.waiting.isEmpty, let binding = keymap.binding(for: key, in: .global, state: state),
           toolAnswers.contains(binding.command) {
            return .command(binding.command)
        }
        let scope = state.focusScope
        if let binding = keymap.binding(for: key, in: scope, state: state) { return .command(binding.command) }
        if let text = key.typedText, scope.takesText || scope == .transcript || scope == .compare { return .typeText(text) }
        if let binding = keymap.binding(for: key, in: .global, state: state) { return .command(binding.command) }
        return nil
    }
}

extension KeyScope {
    /// Scopes where printable keys type text.
    var takesText: Bool {
        switch self {
        case .input, .picker, .history, .prompt: true
        case .global, .transcript, .compare, .help, .confirm, .why, .tree, .tools: false
        }
    }
}
