import Foundation

/// `[ui]`: how the workbench uses the terminal.
public struct UISettings: Sendable, Hashable {
    /// `hyperlinks`: whether links in replies are also written as clickable OSC 8 hyperlinks.
    public var hyperlinks: HyperlinkMode

    public init(hyperlinks: HyperlinkMode = .auto) {
        self.hyperlinks = hyperlinks
    }
}

/// `auto` writes OSC 8 hyperlinks only in terminals known to show them (never inside tmux or screen, which may drop
/// or garble them); `on` always; `off` never. The link's text and its dimmed URL are shown either way.
public enum HyperlinkMode: String, Sendable, Hashable, CaseIterable {
    case auto, on, off
}
