import Foundation

/// Where config lives: `$SWITCHBOARD_CONFIG`, else `$XDG_CONFIG_HOME/switchboard/config.toml`,
/// else `~/.config/switchboard/config.toml`.
public enum ConfigLocation {
    public static func configFile(environment: [String: String]) -> URL {
        if let explicit = environment["SWITCHBOARD_CONFIG"], !explicit.isEmpty {
            return URL(fileURLWithPath: explicit)
        }
        return configDirectory(environment: environment).appendingPathComponent("config.toml")
    }

    public static func configDirectory(environment: [String: String]) -> URL {
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty {
            return URL(fileURLWithPath: xdg).appendingPathComponent("switchboard")
        }
        let home = environment["HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser
        return home.appendingPathComponent(".config").appendingPathComponent("switchboard")
    }
}
