import Foundation

extension Theme {
    /// The default dark theme, built in so the workbench looks right even without `themes/` on disk.
    /// `themes/default.toml` holds the same values (a test keeps them equal).
    public static let builtinDefaultValues: [String: String] = [
        "text.fg": "default", "text.bg": "default",
        "muted.fg": "#7b8394",
        "thinking.fg": "#7b8394", "thinking.attrs": "dim italic",
        "accent.fg": "#88c0d0", "accent.attrs": "bold",
        "border.fg": "#4c566a",
        "border.focused.fg": "#88c0d0",
        "title.fg": "#a3acbd", "title.attrs": "bold",
        "title.focused.fg": "#88c0d0", "title.focused.attrs": "bold",
        "selection.fg": "#eceff4", "selection.bg": "#3b4a63",
        "status.fg": "#d8dee9", "status.bg": "#2e3440",
        "status.key.fg": "#ebcb8b", "status.key.attrs": "bold",
        "user.fg": "#a3be8c", "user.attrs": "bold",
        "assistant.fg": "#81a1c1", "assistant.attrs": "bold",
        "divider.fg": "#b48ead",
        "error.fg": "#bf616a", "error.attrs": "bold",
        "warning.fg": "#ebcb8b",
        "success.fg": "#a3be8c",
        "input.fg": "default",
        "cursor.fg": "#2e3440", "cursor.bg": "#d8dee9",
        "overlay.bg": "#242933",
        "gauge.low.fg": "#a3be8c",
        "gauge.mid.fg": "#ebcb8b",
        "gauge.high.fg": "#bf616a",
        "sparkline.fg": "#88c0d0",
        "markdown.strong.attrs": "bold",
        "markdown.emphasis.attrs": "italic",
        "markdown.code.fg": "#ebcb8b", "markdown.code.bg": "#2e3440",
        "markdown.code_block.fg": "#d8dee9", "markdown.code_block.bg": "#262b35",
        "markdown.code_label.fg": "#88c0d0", "markdown.code_label.attrs": "bold",
        "markdown.code_number.fg": "#616e88",
        "markdown.heading.fg": "#88c0d0", "markdown.heading.attrs": "bold",
        "markdown.quote.fg": "#a3acbd", "markdown.quote.attrs": "italic",
        "markdown.link.fg": "#81a1c1", "markdown.link.attrs": "underline",
        "markdown.bullet.fg": "#88c0d0",
        "markdown.rule.fg": "#4c566a",
        "markdown.strikethrough.fg": "#7b8394", "markdown.strikethrough.attrs": "strikethrough",
        "markdown.url.fg": "#7b8394",
        "markdown.task.fg": "#88c0d0",
        "markdown.table_border.fg": "#4c566a",
        "markdown.table_header.fg": "#88c0d0", "markdown.table_header.attrs": "bold",
        "syntax.keyword.fg": "#81a1c1", "syntax.keyword.attrs": "bold",
        "syntax.string.fg": "#a3be8c",
        "syntax.comment.fg": "#7b8394", "syntax.comment.attrs": "italic",
        "syntax.number.fg": "#b48ead",
    ]

    /// The built-in default theme. `try?` is safe here: the values above are checked by a test.
    public static let builtinDefault: Theme = (try? Theme(name: "default", values: builtinDefaultValues)) ?? Theme(name: "default", styles: [:])
}
