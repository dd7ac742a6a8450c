import Foundation
import SwitchboardCore
import TOMLKit

/// Reading a TOML file with errors that name the file and line: shared by config and theme files.
enum TOMLFile {
    /// The file's text. What is not a readable regular file of UTF-8 text is refused in words a person can act
    /// on ("PATH is a directory, not a config file"), never with a Foundation error code; a FIFO or a device is
    /// refused before it is opened, so reading cannot hang.
    static func readText(_ url: URL, what: String) throws -> String {
        let path = url.path
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw ConfigurationError.unreadable(file: path, problem: "cannot be read: \(String(cString: strerror(errno)))")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw ConfigurationError.unreadable(file: path, problem: "is a directory, not a \(what)")
        default: throw ConfigurationError.unreadable(file: path, problem: "is not a regular file, so it cannot be a \(what)")
        }
        guard access(path, R_OK) == 0 else {
            throw ConfigurationError.unreadable(file: path, problem: "cannot be read: \(String(cString: strerror(errno)))")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ConfigurationError.unreadable(file: path, problem: "cannot be read: \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError.unreadable(file: path, problem: "is not UTF-8 text, so it cannot be a \(what)")
        }
        return text
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
