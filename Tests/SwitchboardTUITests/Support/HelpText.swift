import Foundation
@testable import SwitchboardTUI

extension HelpOverlayView {
    /// The help window's lines read as one text: long descriptions wrap, so a wrapped line's break reads as a space.
    static var standardText: String {
        lines(for: .standard, theme: .builtinDefault).map { $0.text.trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ")
    }
}
