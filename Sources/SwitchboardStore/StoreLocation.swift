import Foundation

/// Where the database lives when `--db` does not say.
public enum StoreLocation {
    public static let fileName = "switchboard.sqlite"

    /// `explicit` (from `--db`), else `$SWITCHBOARD_DB`, else `$XDG_DATA_HOME/switchboard/switchboard.sqlite`,
    /// else `~/.local/share/switchboard/switchboard.sqlite`. A leading `~/` is expanded; relative paths are taken
    /// from the current directory. `XDG_DATA_HOME` counts only when absolute, as the XDG spec says.
    public static func resolve(explicit: String?, environment: [String: String]) -> URL {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        if let explicit, !explicit.isEmpty { return fileURL(explicit, home: home) }
        if let variable = environment["SWITCHBOARD_DB"], !variable.isEmpty { return fileURL(variable, home: home) }
        let dataHome: String
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            dataHome = xdg
        } else {
            dataHome = home + "/.local/share"
        }
        return URL(fileURLWithPath: dataHome).appendingPathComponent("switchboard").appendingPathComponent(fileName)
    }

    private static func fileURL(_ path: String, home: String) -> URL {
        if path == "~" { return URL(fileURLWithPath: home) }
        if path.hasPrefix("~/") { return URL(fileURLWithPath: home + String(path.dropFirst(1))) }
        return URL(fileURLWithPath: path).standardizedFileURL
    }
}
