import Foundation
import SwitchboardCore

/// Where the history browser's `e` puts a session's Markdown: a new file beside the others, never over one.
enum SessionExportFile {
    /// Writes `data` as `name`, or `name-2`, `name-3`, ... when something is already there (a file, a FIFO,
    /// anything): an export never replaces a file and never writes into anything but a new regular file.
    static func write(_ data: Data, named name: String, in directory: URL) throws -> String {
        let base = (name as NSString).deletingPathExtension, ext = (name as NSString).pathExtension
        for number in 1...100 {
            let candidate = number == 1 ? name : "\(base)-\(number)" + (ext.isEmpty ? "" : ".\(ext)")
            let path = directory.appendingPathComponent(candidate).path
            do {
                try OutputFile.write(data, to: path, replacing: false)
                return path
            } catch OutputFile.Failure.exists, OutputFile.Failure.notRegularFile {
                continue
            }
        }
        throw OutputFile.Failure.exists(path: directory.appendingPathComponent(name).path)
    }
}
