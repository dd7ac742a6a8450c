import Foundation

/// The styles Markdown rendering uses; a theme provides them.
public struct MarkdownStyles: Hashable, Sendable {
    public var text: Style
    public var strong: Style
    public var emphasis: Style
    public var strikethrough: Style
    public var inlineCode: Style
    public var codeBlock: Style
    public var codeLabel: Style
    public var codeNumber: Style
    public var heading: Style
    public var quote: Style
    public var link: Style
    /// A link's target, shown after its text.
    public var url: Style
    public var bullet: Style
    /// A task list's box, ☐ or ☑.
    public var task: Style
    public var rule: Style
    public var tableBorder: Style
    public var tableHeader: Style
    /// Highlighted code in fenced blocks, drawn over `codeBlock`.
    public var syntax: SyntaxStyles

    public init(text: Style = .plain, strong: Style = Style(attributes: .bold), emphasis: Style = Style(attributes: .italic),
                strikethrough: Style = Style(attributes: .strikethrough),
                inlineCode: Style = Style(attributes: .reverse), codeBlock: Style = .plain,
                codeLabel: Style = Style(attributes: .bold), codeNumber: Style = Style(attributes: .dim),
                heading: Style = Style(attributes: .bold), quote: Style = Style(attributes: .italic),
                link: Style = Style(attributes: .underline), url: Style = Style(attributes: .dim), bullet: Style = .plain,
                task: Style = .plain, rule: Style = Style(attributes: .dim), tableBorder: Style = Style(attributes: .dim),
                tableHeader: Style = Style(attributes: .bold), syntax: SyntaxStyles = SyntaxStyles()) {
        self.text = text
        self.strong = strong
        self.emphasis = emphasis
        self.strikethrough = strikethrough
        self.inlineCode = inlineCode
        self.codeBlock = codeBlock
        self.codeLabel = codeLabel
        self.codeNumber = codeNumber
        self.heading = heading
        self.quote = quote
        self.link = link
        self.url = url
        self.bullet = bullet
        self.task = task
        self.rule = rule
        self.tableBorder = tableBorder
        self.tableHeader = tableHeader
        self.syntax = syntax
    }
}

/// Styles for the kinds of token the code highlighter tells apart; plain code keeps the block's style.
public struct SyntaxStyles: Hashable, Sendable {
    public var keyword: Style
    public var string: Style
    public var comment: Style
    public var number: Style

    public init(keyword: Style = Style(attributes: .bold), string: Style = .plain, comment: Style = Style(attributes: .dim),
                number: Style = .plain) {
        self.keyword = keyword
        self.string = string
        self.comment = comment
        self.number = number
    }

    func style(of kind: SyntaxKind) -> Style? {
        switch kind {
        case .plain: nil
        case .keyword: keyword
        case .string: string
        case .comment: comment
        case .number: number
        }
    }
}
