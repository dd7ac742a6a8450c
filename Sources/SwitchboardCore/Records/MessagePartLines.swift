import Foundation

extension StoredMessage {
    /// One line per part beyond the text, for reading a stored message (`history show`, the Markdown export):
    /// thinking, tool calls with their arguments, tool results, attachments by name, type and size. Empty for a
    /// text-only message.
    public var partLines: [String] {
        guard let parts else { return [] }
        return parts.compactMap(Self.line)
    }

    static func line(_ part: ContentPart) -> String? {
        switch part {
        case .text:
            return nil
        case .image(let image):
            return "[image " + describe(image.source, name: nil) + "]"
        case .document(let document):
            return "[document " + describe(document.source, name: document.name) + "]"
        case .toolCall(let call):
            return "[tool call \(call.name) \(call.id)] \(call.arguments)"
        case .toolResult(let result):
            let attachments = result.content.compactMap(line)
            let text = ([result.text] + attachments).filter { !$0.isEmpty }.joined(separator: " ")
            let name = result.name.map { " \($0)" } ?? ""
            return "[tool result\(name) \(result.callID)\(result.isError ? " error" : "")] \(text)"
        case .reasoning(let reasoning):
            return reasoning.redacted ? "[thinking, redacted]" : "[thinking] \(reasoning.text)"
        }
    }

    private static func describe(_ source: MediaSource, name: String?) -> String {
        switch source {
        case .bytes(let data, let mediaType):
            return [name, mediaType, ByteCountText.bytes(data.count)].compactMap { $0 }.joined(separator: " ")
        case .url(let url):
            return [name, url.absoluteString].compactMap { $0 }.joined(separator: " ")
        }
    }
}

/// A byte count as people read it: `812 B`, `14.2 KB`, `3.1 MB` (1,000-based, as file managers show).
enum ByteCountText {
    static func bytes(_ count: Int) -> String {
        if count < 1_000 { return "\(count) B" }
        let units = ["KB", "MB", "GB"]
        var value = Double(count) / 1_000
        var unit = 0
        while value >= 1_000, unit < units.count - 1 {
            value /= 1_000
            unit += 1
        }
        return String(format: "%.1f", value) + " " + units[unit]
    }
}
