import Foundation
import SwitchboardConfig
import SwitchboardCore

/// Finds themes by name in a list of directories (the user's first, then the bundled `themes/`) and resolves
/// `inherits` chains. `default` always exists: it is built in when no file provides it.
public struct ThemeLoader: Sendable {
    public var directories: [URL]

    public init(directories: [URL]) {
        self.directories = directories
    }

    /// `$XDG_CONFIG_HOME/switchboard/themes`, then `themes/` found near the executable (a checkout's build
    /// directory or `share/switchboard/themes` of an install), then `$SWITCHBOARD_THEMES`.
    public static func standardDirectories(environment: [String: String], executable: URL) -> [URL] {
        var result = [ConfigLocation.configDirectory(environment: environment).appendingPathComponent("themes")]
        if let explicit = environment["SWITCHBOARD_THEMES"], !explicit.isEmpty {
            result.append(URL(fileURLWithPath: explicit))
        }
        for start in [executable, executable.resolvingSymlinksInPath()] {
            var directory = start.deletingLastPathComponent()
            for _ in 0..<5 {
                for candidate in [directory.appendingPathComponent("themes"),
                                  directory.appendingPathComponent("share/switchboard/themes")]
                where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("default.toml").path) {
                    if !result.contains(candidate) { result.append(candidate) }
                }
                directory = directory.deletingLastPathComponent()
            }
        }
        return result
    }

    /// Theme names available, sorted.
    public func available() -> [String] {
        var names: Set<String> = ["default"]
        for directory in directories {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            for file in files where file.hasSuffix(".toml") { names.insert(String(file.dropLast(5))) }
        }
        return names.sorted()
    }

    /// Loads `name`. Errors name the file, line and key, or list the themes that exist.
    public func load(_ name: String) throws -> Theme {
        var seen: [String] = []
        var values: [String: String] = [:]
        var origins: [String: (String, Int?)] = [:]
        var current: String? = name
        // Walk up the inherits chain, child first: a child's keys win over its parent's.
        while let themeName = current {
            guard !seen.contains(themeName) else {
                throw ConfigurationError.invalidValue(file: nil, line: nil, key: "inherits",
                                                      message: "themes inherit in a circle: " + (seen + [themeName]).joined(separator: " → "))
            }
            seen.append(themeName)
            guard let url = file(for: themeName) else {
                if themeName == "default" {
                    for (key, value) in Theme.builtinDefaultValues where values[key] == nil {
                        values[key] = value
                        origins[key] = ("built-in default theme", nil)
                    }
                    break
                }
                let known = available().joined(separator: ", ")
                throw ConfigurationError.invalidValue(file: seen.count > 1 ? file(for: seen[seen.count - 2])?.path : nil, line: nil,
                                                      key: seen.count > 1 ? "inherits" : "theme",
                                                      message: "no theme named '\(themeName)'; available: \(known)")
            }
            let parsed = try ThemeFileParser.load(url)
            for (key, value) in parsed.values where values[key] == nil {
                values[key] = value
                origins[key] = (url.path, parsed.lines[key])
            }
            current = parsed.inherits
        }
        return try Theme(name: name, values: values) { key in
            let origin = origins[key]
            return (origin?.0, origin?.1)
        }
    }

    func file(for name: String) -> URL? {
        guard !name.contains("/") else { return URL(fileURLWithPath: name) }
        for directory in directories {
            let url = directory.appendingPathComponent(name + ".toml")
            if FileManager.default.fileExists(atPath: url.path) { return url }
        }
        return nil
    }
}
