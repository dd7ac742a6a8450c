import Foundation

extension CompareView {
    /// Which compared answer's column is at column `x` of the conversation pane `rect` (see `render`); nil in a
    /// gutter or outside the columns.
    static func column(atX x: Int, in rect: Rect, columns: Int, selection: Int) -> Int? {
        let geometry = Geometry(text: ConversationView.textArea(in: rect), columns: columns, selection: selection)
        let offset = x - geometry.text.x
        guard offset >= 0 else { return nil }
        let slot = offset / (geometry.columnWidth + gutter)
        guard slot < geometry.count, offset - slot * (geometry.columnWidth + gutter) < geometry.columnWidth else { return nil }
        let index = geometry.first + slot
        return index < columns ? index : nil
    }
}
