import Foundation
import SwitchboardCore
import TOMLKit

/// A colour theme file, flattened: `[selection] bg = "#3b4252"` becomes `"selection.bg": "#3b4252"`. Values are
/// left as strings; the workbench checks colours and roles.
public struct ThemeFile: Sendable, Equatable {
    public var name: String?
    /// Another theme this one starts from.
    public var inherits: String?
    public var values: [String: String]
    /// The line each dotted key was written on, for errors.
    public var lines: [String: Int]
    public var path: String

    public init(name: String? = nil, inherits: String? = nil, values: [String: String], lines: [String: Int] = [:],
                path: String) {
        self.name = name
        self.inherits = inherits
        self.values = values
        self.lines = lines
        self.path = path
    }
}

/// Reads theme TOML files. The only place themes meet TOMLKit.
public enum ThemeFileParser {
    public static func load(_ url: URL) throws -> ThemeFile {
        let text = try TOMLFile.readText(url, what: "theme file")
        return try parse(text, file: url.path)
    }

    public static func parse(_ text: String, file: String) throws -> ThemeFile {
        let table = try TOMLFile.table(text, file: file)
        let locator = KeyLocator(text: text)
        var result = ThemeFile(values: [:], path: file)
        for key in table.keys.sorted() {
            guard let value = table[key] else { continue }
            switch key {
            case "name":
                guard let name = value.string else { throw invalid(file, locator, key, "must be a string") }
                result.name = name
            case "inherits":
                guard let parent = value.string, !parent.isEmpty else {
                    throw invalid(file, locator, key, "must name another theme, e.g. inherits = \"default\"")
                }
                result.inherits = parent
            default:
                try flatten(value, path: key, into: &result, file: file, locator: locator)
            }
        }
        return result
    }

    private static func flatten(_ value: TOMLValueConvertible, path: String, into result: inout ThemeFile,
                                file: String, locator: KeyLocator) throws {
        if let table = value.table {
            for key in table.keys.sorted() {
                guard let inner = table[key] else { continue }
                try flatten(inner, path: path + "." + key, into: &result, file: file, locator: locator)
            }
        } else if let string = value.string {
            result.values[path] = string
            result.lines[path] = locator.line(of: path)
        } else if let number = value.int {
            // A bare colour index (`fg = 208`) is as good as the string.
            result.values[path] = String(number)
            result.lines[path] = locator.line(of: path)
        } else {
            throw invalid(file, locator, path, "must be a string such as \"#88c0d0\", \"bright-red\" or \"bold italic\"")
        }
    }

    private static func invalid(_ file: String, _ locator: KeyLocator, _ key: String, _ message: String) -> ConfigurationError {
        .invalidValue(file: file, line: locator.line(of: key), key: key, message: message)
    }
}
