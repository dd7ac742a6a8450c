import Foundation

/// Where each part of the workbench goes at a given size. Wide screens get the picker pane on the left and the
/// sidebar on the right; below `pickerBreakpoint` columns the picker becomes an overlay; below
/// `sidebarBreakpoint` the sidebar folds into a one-line summary.
public struct ScreenLayout: Equatable, Sendable {
    public static let pickerBreakpoint = 100
    public static let sidebarBreakpoint = 70
    static let pickerWidth = 34
    static let sidebarWidth = 30

    public var size: Size
    public var titleBar: Rect
    public var picker: Rect?
    public var conversation: Rect
    public var sidebar: Rect?
    public var summary: Rect?
    public var input: Rect
    public var status: Rect
    /// Vertical separator columns between panes.
    public var separators: [Rect]

    public init(size: Size, inputLines: Int) {
        self.size = size
        let full = Rect(x: 0, y: 0, width: size.width, height: size.height)
        let (status, aboveStatus) = full.splitBottom(1)
        let maxInput = max(1, min(8, (size.height - 4) / 3))
        let (input, aboveInput) = aboveStatus.splitBottom(1 + min(max(1, inputLines), maxInput))
        let (titleBar, body) = aboveInput.splitTop(1)
        self.status = status
        self.input = input
        self.titleBar = titleBar
        var rest = body
        var separators: [Rect] = []
        if size.width >= Self.pickerBreakpoint {
            let (picker, right) = rest.splitLeft(Self.pickerWidth)
            let (separator, remainder) = right.splitLeft(1)
            self.picker = picker
            separators.append(separator)
            rest = remainder
        }
        if size.width >= Self.sidebarBreakpoint {
            let width = size.width >= Self.pickerBreakpoint ? Self.sidebarWidth : Self.sidebarWidth - 2
            let (sidebar, left) = rest.splitRight(width)
            let (separator, remainder) = left.splitRight(1)
            self.sidebar = sidebar
            separators.append(separator)
            rest = remainder
        } else {
            let (summary, remainder) = rest.splitTop(1)
            self.summary = summary
            rest = remainder
        }
        self.conversation = rest
        self.separators = separators
    }
}
