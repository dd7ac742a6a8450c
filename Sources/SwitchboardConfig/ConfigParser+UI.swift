import Foundation
import SwitchboardCore
import TOMLKit

/// `[ui]`: `hyperlinks = "auto" | "on" | "off"`.
extension ConfigParser {
    static let uiKeys = ["hyperlinks"]

    func ui(_ table: TOMLTable) throws -> UISettings {
        try checkKeys(table, allowed: Self.uiKeys, path: "ui")
        var settings = UISettings()
        if let value = table["hyperlinks"] {
            let choices = HyperlinkMode.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            guard let text = value.string, let mode = HyperlinkMode(rawValue: text.lowercased()) else {
                throw invalid("ui.hyperlinks", "must be one of \(choices)")
            }
            settings.hyperlinks = mode
        }
        return settings
    }
}
