import Foundation

/// What `SOURCES.md` in the data folder records: the day the data was collected and each file's sha256.
struct SourcesManifest {
    var collected: String?
    var digests: [String: String]

    init(text: String) {
        var digests: [String: String] = [:]
        var collected: String?
        for line in text.split(separator: "\n") {
            if collected == nil, let range = line.range(of: #"Collected \d{4}-\d{2}-\d{2}"#, options: .regularExpression) {
                collected = String(line[range].suffix(10))
            }
            // Table rows: | file | bytes | sha256 | source |
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            if cells.count >= 3, cells[2].count == 64, cells[2].allSatisfy(\.isHexDigit) {
                digests[cells[0]] = cells[2].lowercased()
            }
        }
        self.collected = collected
        self.digests = digests
    }
}
