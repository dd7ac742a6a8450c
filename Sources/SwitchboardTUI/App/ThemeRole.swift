import Foundation

/// Every styled part of the workbench. A theme file sets `<role>.fg`, `<role>.bg` and `<role>.attrs`.
public enum ThemeRole: String, CaseIterable, Sendable {
    case text
    case muted
    /// A reply's thinking block: quieter than the answer.
    case thinking
    case accent
    case border
    case borderFocused = "border.focused"
    case title
    case titleFocused = "title.focused"
    case selection
    case status
    case statusKey = "status.key"
    case user
    case assistant
    case divider
    case error
    case warning
    case success
    case input
    case cursor
    case overlay
    case gaugeLow = "gauge.low"
    case gaugeMid = "gauge.mid"
    case gaugeHigh = "gauge.high"
    case sparkline
    case strong = "markdown.strong"
    case emphasis = "markdown.emphasis"
    case inlineCode = "markdown.code"
    case codeBlock = "markdown.code_block"
    case codeLabel = "markdown.code_label"
    case codeNumber = "markdown.code_number"
    case heading = "markdown.heading"
    case quote = "markdown.quote"
    case link = "markdown.link"
    case bullet = "markdown.bullet"
    case rule = "markdown.rule"
    case strikethrough = "markdown.strikethrough"
    /// A link's target, shown dimmed after its text.
    case url = "markdown.url"
    /// A task list's ☐ / ☑.
    case task = "markdown.task"
    case tableBorder = "markdown.table_border"
    case tableHeader = "markdown.table_header"
    case syntaxKeyword = "syntax.keyword"
    case syntaxString = "syntax.string"
    case syntaxComment = "syntax.comment"
    case syntaxNumber = "syntax.number"

    /// Roles that must stay visible without colour (NO_COLOR, monochrome terminals), and how.
    var monochromeAttributes: TextAttributes {
        switch self {
        case .selection, .cursor, .status, .inlineCode: .reverse
        case .accent, .titleFocused, .borderFocused, .heading, .strong, .user, .assistant, .codeLabel, .error,
             .tableHeader, .syntaxKeyword: .bold
        case .muted, .thinking, .border, .divider, .codeNumber, .rule, .url, .tableBorder, .syntaxComment: .dim
        case .strikethrough: .strikethrough
        case .emphasis, .quote: .italic
        case .link: .underline
        default: []
        }
    }
}
