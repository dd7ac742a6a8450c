import Foundation

/// Finds the bundled rank files: SwiftPM copies `Tokens/Encodings` into a resource bundle beside the built
/// executable (or test runner). Looked up here rather than through `Bundle.module`, whose accessor traps when the
/// bundle is missing (a binary copied elsewhere without it): a missing file must only leave counts estimated.
enum EncodingFiles {
    struct Missing: Error, CustomStringConvertible {
        var file: String
        var searched: [String]
        var description: String { "\(file) not found in \(searched.joined(separator: ", "))" }
    }

    static let folder = "Encodings"
    static let bundleNames = ["Switchboard_SwitchboardCore.resources", "Switchboard_SwitchboardCore.bundle"]

    static func url(of encoding: TokenEncoding) throws -> URL {
        try url(of: encoding, searching: candidateDirectories())
    }

    /// The first of `directories` whose resource bundle holds the encoding's file.
    static func url(of encoding: TokenEncoding, searching directories: [URL]) throws -> URL {
        let file = encoding.rawValue + ".tiktoken"
        var searched: [String] = []
        for directory in directories {
            for name in bundleNames {
                let bundle = directory.appendingPathComponent(name, isDirectory: true)
                // Linux bundles are flat; macOS ones keep resources under Contents/Resources.
                for inner in [folder, "Contents/Resources/" + folder] {
                    let url = bundle.appendingPathComponent(inner, isDirectory: true).appendingPathComponent(file)
                    if FileManager.default.isReadableFile(atPath: url.path) { return url }
                }
                searched.append(bundle.path)
            }
        }
        throw Missing(file: file, searched: searched)
    }

    /// The executable's folder (symlinks resolved), then the folders of the loaded bundles (an XCTest bundle on macOS).
    static func candidateDirectories() -> [URL] {
        var directories: [URL] = []
        if let executable = Bundle.main.executableURL {
            directories.append(executable.resolvingSymlinksInPath().deletingLastPathComponent())
        }
        directories.append(Bundle.main.bundleURL)
        for bundle in Bundle.allBundles { directories.append(bundle.bundleURL.deletingLastPathComponent()) }
        var seen = Set<String>()
        return directories.filter { seen.insert($0.standardizedFileURL.path).inserted }
    }
}
