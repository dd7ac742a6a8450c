import Foundation

/// The styles Markdown rendering uses; a theme provides them.
public struct MarkdownStyles: Hashable, Sendable {
    public var text: Style
    public var strong: Style
    public var emphasis: Style
    public var inlineCode: Style
    public var codeBlock: Style
    public var codeLabel: Style
    public var codeNumber: Style
    public var heading: Style
    public var quote: Style
    public var link: Style
    public var bullet: Style
    public var rule: Style

    public init(text: Style = .plain, strong: Style = Style(attributes: .bold), emphasis: Style = Style(attributes: .italic),
                inlineCode: Style = Style(attributes: .reverse), codeBlock: Style = .plain,
                codeLabel: Style = Style(attributes: .bold), codeNumber: Style = Style(attributes: .dim),
                heading: Style = Style(attributes: .bold), quote: Style = Style(attributes: .italic),
                link: Style = Style(attributes: .underline), bullet: Style = .plain, rule: Style = Style(attributes: .dim)) {
        self.text = text
        self.strong = strong
        self.emphasis = emphasis
        self.inlineCode = inlineCode
        self.codeBlock = codeBlock
        self.codeLabel = codeLabel
        self.codeNumber = codeNumber
        self.heading = heading
        self.quote = quote
        self.link = link
        self.bullet = bullet
        self.rule = rule
    }
}
