import Foundation
import SwitchboardCore
import TOMLKit

/// Reading a TOML file with errors that name the file and line: shared by config and theme files.
enum TOMLFile {
    static func readText(_ url: URL, what: String) throws -> String {
        do {
            return try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ConfigurationError.syntax(file: url.path, line: nil, column: nil,
                                            message: "cannot read the \(what) as UTF-8 text: \(error.localizedDescription)")
        }
    }

    static func table(_ text: String, file: String) throws -> TOMLTable {
        do {
            return try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigurationError.syntax(file: file, line: error.source.begin.line,
                                            column: error.source.begin.column, message: error.description)
        }
    }
}
