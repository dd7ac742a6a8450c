import Foundation

extension ModelPickerView {
    /// Which entry of the filtered list is drawn at screen row `y` of a picker drawn in `rect` with its window at
    /// `offset` (see `render`): nil on the title, the filter, the table header or below the last entry.
    static func visibleIndex(atRow y: Int, in rect: Rect, offset: Int, count: Int) -> Int? {
        guard rect.height >= 3, rect.width >= 10, y >= rect.y, y < rect.maxY else { return nil }
        let list = Rect(x: rect.x, y: rect.y + 2, width: rect.width, height: rect.height - 2)
        let wide = list.width >= tableWidth
        let rowHeight = wide ? 1 : 2
        let top = wide ? 1 : 0
        let capacity = max(1, wide ? list.height - 1 : list.height / rowHeight)
        let offsetRow = y - list.y - top
        guard offsetRow >= 0 else { return nil }
        let slot = offsetRow / rowHeight
        guard slot < capacity, offset + slot < count else { return nil }
        return offset + slot
    }
}
