import Foundation

/// Finds the line a dotted key was written on, so errors about values (which the TOML parser accepted) can
/// still point at a line. It understands `[table]`, `[[array]]`, `key = value` and dotted/quoted keys, which is
/// all a config file uses.
struct KeyLocator {
    private var lines: [String: Int] = [:]

    init(text: String) {
        var table = ""
        var arrayCounts: [String: Int] = [:]
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            if line.hasPrefix("[[") {
                let name = Self.normalise(String(line.dropFirst(2).prefix { $0 != "]" }))
                let position = arrayCounts[name, default: 0]
                arrayCounts[name] = position + 1
                table = "\(name).\(position)"
                lines[table] = index + 1
            } else if line.hasPrefix("[") {
                table = Self.normalise(String(line.dropFirst().prefix { $0 != "]" }))
                lines[table] = index + 1
            } else if let equals = line.firstIndex(of: "=") {
                let key = Self.normalise(String(line[..<equals]))
                let full = table.isEmpty ? key : table + "." + key
                if lines[full] == nil { lines[full] = index + 1 }
            }
        }
    }

    /// The line of `path` ("providers.openai.base_url"), else of the nearest enclosing table.
    func line(of path: String) -> Int? {
        var parts = path.split(separator: ".").map(String.init)
        while !parts.isEmpty {
            if let line = lines[parts.joined(separator: ".")] { return line }
            parts.removeLast()
        }
        return nil
    }

    private static func normalise(_ key: String) -> String {
        key.split(separator: ".").map {
            $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        }.joined(separator: ".")
    }
}
