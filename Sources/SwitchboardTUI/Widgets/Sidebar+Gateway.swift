import Foundation
import SwitchboardCore

extension SidebarView {
    /// `serve`'s traffic today, from the shared history database: requests in flight, spend today per key (as
    /// `keys list` and the key's caps count it) and the last error. Drawn only when the gateway had traffic today.
    func gatewayRows(_ activity: GatewayActivity, width: Int, section: (String) -> Void,
                     row: (String, String, Style) -> Void) {
        section("Gateway")
        row("In flight", String(activity.inFlight), activity.inFlight > 0 ? theme[.accent] : Style())
        for key in activity.keys {
            let live = key.inFlight > 0 ? ", \(key.inFlight) live" : ""
            row(TextWidth.truncate(key.name, to: 10), key.spentToday.description + live, Style())
        }
        if let error = activity.lastError {
            row("Last error", Self.clock(error.at) + " " + error.key, theme[.error])
            row("", error.kind, theme[.error])
            row("", error.provider + (error.message.map { ": " + $0 } ?? ""), theme[.error])
        }
    }

    /// `HH:MM` in local time.
    static func clock(_ date: Date) -> String {
        let parts = Calendar.current.dateComponents([.hour, .minute], from: date)
        return String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
    }
}
