import Foundation
import SwitchboardCore
import TOMLKit

/// Reads and checks `config.toml`. A missing file is an empty configuration; a broken one is an error that
/// names the file, the line and the key.
public enum ConfigLoader {
    public static func load(environment: [String: String]) throws -> Configuration {
        let url = ConfigLocation.configFile(environment: environment)
        guard FileManager.default.fileExists(atPath: url.path) else {
            if environment["SWITCHBOARD_CONFIG"] != nil {
                throw ConfigurationError.invalidValue(file: url.path, line: nil, key: "SWITCHBOARD_CONFIG",
                                                      message: "no such file")
            }
            return Configuration()
        }
        let text = try TOMLFile.readText(url, what: "config file")
        return try parse(text, file: url.path)
    }

    public static func parse(_ text: String, file: String) throws -> Configuration {
        let table = try TOMLFile.table(text, file: file)
        return try ConfigParser(file: file, locator: KeyLocator(text: text)).configuration(from: table)
    }
}
