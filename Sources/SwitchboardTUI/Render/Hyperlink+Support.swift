import Foundation
import SwitchboardCore

extension Hyperlink {
    /// Terminals that set `TERM_PROGRAM` and show OSC 8 hyperlinks.
    static let knownPrograms: Set<String> = ["iTerm.app", "WezTerm", "vscode", "ghostty"]
    /// Words in `TERM` of terminals that show them.
    static let knownTerms = ["kitty", "foot", "alacritty", "wezterm", "ghostty"]

    /// Whether the workbench writes OSC 8 hyperlinks. `on` and `off` are taken as set. `auto` writes them only
    /// where the terminal is known to show them (iTerm2, WezTerm, VS Code, Ghostty, kitty, foot, Alacritty,
    /// Windows Terminal, VTE 0.50 or later such as GNOME Terminal) and never inside tmux or screen, which drop them
    /// or need passthrough set up; a terminal that does not understand them could print the URL as text.
    public static func enabled(_ mode: HyperlinkMode, environment: [String: String]) -> Bool {
        switch mode {
        case .on: return true
        case .off: return false
        case .auto: break
        }
        func set(_ name: String) -> Bool { !(environment[name] ?? "").isEmpty }
        let term = (environment["TERM"] ?? "").lowercased()
        if set("TMUX") || set("STY") || term.hasPrefix("screen") || term.hasPrefix("tmux") { return false }
        if term == "dumb" || term == "linux" { return false }
        if let program = environment["TERM_PROGRAM"], knownPrograms.contains(program) { return true }
        if let vte = environment["VTE_VERSION"].flatMap({ Int($0) }), vte >= 5000 { return true }
        if set("KITTY_WINDOW_ID") || set("WT_SESSION") { return true }
        return knownTerms.contains { term.contains($0) }
    }
}
