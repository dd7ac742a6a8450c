import Foundation

extension Rect {
    /// Whether the cell at column `x`, row `y` is inside (where a click lands).
    public func contains(x px: Int, y py: Int) -> Bool {
        px >= x && px < maxX && py >= y && py < maxY
    }
}
