import Foundation

/// A piece of text in one style. The text is already safe to draw and holds no newline.
public struct StyledRun: Hashable, Sendable {
    public var text: String
    public var style: Style
    public var width: Int

    public init(_ text: String, _ style: Style = .plain) {
        self.text = text
        self.style = style
        self.width = TextWidth.width(of: text)
    }

    init(text: String, style: Style, width: Int) {
        self.text = text
        self.style = style
        self.width = width
    }
}

/// One screen row of styled text. `fill` paints the rest of the row (code blocks have their own background).
public struct StyledLine: Hashable, Sendable {
    public var runs: [StyledRun]
    public var fill: Style?

    public init(_ runs: [StyledRun] = [], fill: Style? = nil) {
        self.runs = runs
        self.fill = fill
    }

    public init(_ text: String, _ style: Style = .plain) {
        self.init([StyledRun(text, style)])
    }

    public static let blank = StyledLine()

    public var width: Int { runs.reduce(0) { $0 + $1.width } }
    public var text: String { runs.map(\.text).joined() }
}
