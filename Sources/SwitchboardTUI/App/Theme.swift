import Foundation
import SwitchboardCore

/// Colours and attributes for every `ThemeRole`, built from a theme file's dotted keys. Roles a theme leaves out
/// look like `text`.
public struct Theme: Sendable, Equatable {
    public var name: String
    private var styles: [ThemeRole: Style]

    public init(name: String, styles: [ThemeRole: Style]) {
        self.name = name
        self.styles = styles
    }

    /// The role's own style; draw it `over(base)` so unset colours fall back to the base text colours.
    public subscript(role: ThemeRole) -> Style {
        styles[role] ?? .plain
    }

    /// The base style painted under everything.
    public var base: Style { self[.text] }

    public var markdown: MarkdownStyles {
        MarkdownStyles(text: .plain, strong: self[.strong].with(.bold), emphasis: self[.emphasis].with(.italic),
                       strikethrough: self[.strikethrough].with(.strikethrough),
                       inlineCode: self[.inlineCode], codeBlock: self[.codeBlock], codeLabel: self[.codeLabel],
                       codeNumber: self[.codeNumber], heading: self[.heading].with(.bold), quote: self[.quote],
                       link: self[.link].with(.underline), url: self[.url], bullet: self[.bullet], task: self[.task],
                       rule: self[.rule], tableBorder: self[.tableBorder], tableHeader: self[.tableHeader].with(.bold),
                       syntax: SyntaxStyles(keyword: self[.syntaxKeyword], string: self[.syntaxString],
                                            comment: self[.syntaxComment], number: self[.syntaxNumber]))
    }

    /// Builds a theme from `key -> value` pairs (`"selection.bg": "#3b4252"`). `location` names where a key came
    /// from, for errors.
    public init(name: String, values: [String: String], location: (String) -> (file: String?, line: Int?) = { _ in (nil, nil) }) throws {
        var styles: [ThemeRole: Style] = [:]
        for (key, value) in values {
            guard let dot = key.lastIndex(of: ".") else { throw Self.unknownKey(key, location) }
            let roleName = String(key[..<dot]), field = String(key[key.index(after: dot)...])
            guard let role = ThemeRole(rawValue: roleName), ["fg", "bg", "attrs"].contains(field) else {
                throw Self.unknownKey(key, location)
            }
            var style = styles[role] ?? Style()
            switch field {
            case "attrs":
                guard let attributes = TextAttributes(parsing: value) else {
                    throw Self.invalid(key, value, "is not a list of bold, dim, italic, underline, reverse, strikethrough", location)
                }
                style.attributes = attributes
            default:
                guard let color = Color(parsing: value) else {
                    throw Self.invalid(key, value, "is not a colour: write #rrggbb, an ANSI name (red, bright-blue), 0–255 or default", location)
                }
                if field == "fg" { style.foreground = color } else { style.background = color }
            }
            styles[role] = style
        }
        self.init(name: name, styles: styles)
    }

    /// The same theme without colours: attributes keep selection, focus and headings visible (`NO_COLOR`).
    public func withoutColor() -> Theme {
        var plain: [ThemeRole: Style] = [:]
        for role in ThemeRole.allCases {
            let attributes = (styles[role]?.attributes ?? []).union(role.monochromeAttributes)
            plain[role] = Style(attributes: attributes)
        }
        return Theme(name: name, styles: plain)
    }

    private static func unknownKey(_ key: String, _ location: (String) -> (file: String?, line: Int?)) -> ConfigurationError {
        let (file, line) = location(key)
        let known = ThemeRole.allCases.flatMap { role in ["fg", "bg", "attrs"].map { role.rawValue + "." + $0 } }
        let suggestion = known.min { EditDistance.between(key, $0) < EditDistance.between(key, $1) }
            .flatMap { EditDistance.between(key, $0) <= max(2, key.count / 3) ? $0 : nil }
        return .unknownKey(file: file ?? "theme", line: line, key: key, suggestion: suggestion)
    }

    private static func invalid(_ key: String, _ value: String, _ message: String,
                                _ location: (String) -> (file: String?, line: Int?)) -> ConfigurationError {
        let (file, line) = location(key)
        return .invalidValue(file: file, line: line, key: key, message: "'\(value)' \(message)")
    }
}
