import Foundation

/// Text attributes a cell can carry.
public struct TextAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = TextAttributes(rawValue: 1 << 0)
    public static let dim = TextAttributes(rawValue: 1 << 1)
    public static let italic = TextAttributes(rawValue: 1 << 2)
    public static let underline = TextAttributes(rawValue: 1 << 3)
    public static let reverse = TextAttributes(rawValue: 1 << 4)
    /// Curses has no strike-through attribute: the curses driver draws it dim (see `CursesDriver`).
    public static let strikethrough = TextAttributes(rawValue: 1 << 5)

    static let names: [(String, TextAttributes)] = [
        ("bold", .bold), ("dim", .dim), ("italic", .italic), ("underline", .underline), ("reverse", .reverse),
        ("strikethrough", .strikethrough),
    ]

    /// Parses "bold underline" or "bold,italic"; nil when a word is not an attribute.
    public init?(parsing text: String) {
        var result: TextAttributes = []
        for word in text.split(whereSeparator: { $0 == "," || $0 == " " }) {
            guard let match = Self.names.first(where: { $0.0 == word.lowercased() }) else { return nil }
            result.insert(match.1)
        }
        self = result
    }
}

/// How a cell looks: colours and attributes, and the link it belongs to. Terminals keep an OSC 8 hyperlink per
/// cell as they keep its colours, so it travels with the style: through wrapping, widgets and the screen buffer to
/// the driver, which writes it only where the terminal supports it.
public struct Style: Hashable, Sendable {
    public var foreground: Color
    public var background: Color
    public var attributes: TextAttributes
    public var link: Hyperlink?

    public init(foreground: Color = .terminalDefault, background: Color = .terminalDefault, attributes: TextAttributes = [],
                link: Hyperlink? = nil) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
        self.link = link
    }

    public static let plain = Style()

    public func with(_ attributes: TextAttributes) -> Style {
        var copy = self
        copy.attributes.formUnion(attributes)
        return copy
    }

    /// This style drawn on top of `base`: a default colour lets the base show through, and so does the base's link.
    public func over(_ base: Style) -> Style {
        Style(foreground: foreground == .terminalDefault ? base.foreground : foreground,
              background: background == .terminalDefault ? base.background : background,
              attributes: attributes.union(base.attributes), link: link ?? base.link)
    }
}
