import Foundation
import SwitchboardCore

/// A file attached to a message: the part sent, and what its chip shows (`[📎 name.png 120 KB]`).
public struct Attachment: Equatable, Sendable {
    public var name: String
    /// Bytes; nil for a file the provider fetches from a URL.
    public var size: Int?
    public var part: ContentPart

    public init(name: String, size: Int?, part: ContentPart) {
        self.name = name
        self.size = size
        self.part = part
    }

    public init(_ file: AttachmentFile) {
        self.init(name: file.name, size: file.size, part: file.part)
    }

    /// The attachment a stored or received part is (an image or a document); nil for other parts.
    public init?(part: ContentPart) {
        let source: MediaSource
        let name: String
        switch part {
        case .image(let image):
            source = image.source
            name = "image." + (image.source.mediaType?.split(separator: "/").last.map(String.init) ?? "url")
        case .document(let document):
            source = document.source
            name = document.name ?? "document"
        default:
            return nil
        }
        switch source {
        case .bytes(let data, _): self.init(name: name, size: data.count, part: part)
        case .url(let url): self.init(name: url.lastPathComponent.isEmpty ? name : url.lastPathComponent, size: nil, part: part)
        }
    }

    /// "[📎 name.png 120 KB]". The name is made inert: a file name may hold escape sequences.
    public var chip: String {
        "[📎 " + TerminalText.inert(name) + (size.map { " " + Self.size($0) } ?? "") + "]"
    }

    /// "512 B", "120 KB", "3.4 MB": the size a person reads on a chip.
    static func size(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1024 * 1024 { return "\((bytes + 512) / 1024) KB" }
        return String(format: "%.1f MB", Double(bytes) / (1024 * 1024))
    }
}

/// Telling a pasted file path from pasted text: a terminal pastes a dragged-in file as its path, sometimes
/// quoted or with backslash-escaped spaces, or as a `file://` URL.
enum PastedPath {
    /// The path `text` names when it is one line that reads as a path; nil for ordinary text. Whether the file
    /// exists is for the effect runner to find out (`update` does no I/O).
    static func path(in text: String) -> String? {
        var candidate = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !candidate.isEmpty, !candidate.contains(where: \.isNewline), candidate.count <= 4096 else { return nil }
        if candidate.count >= 2, let first = candidate.first, first == "'" || first == "\"", candidate.last == first {
            candidate = String(candidate.dropFirst().dropLast())
        } else if candidate.contains("\\ ") {
            candidate = candidate.replacingOccurrences(of: "\\ ", with: " ")
        }
        if candidate.hasPrefix("file://") {
            guard let url = URL(string: candidate), url.isFileURL else { return nil }
            return url.path
        }
        let looksLikePath = candidate.hasPrefix("/") || candidate.hasPrefix("~/") || candidate.hasPrefix("./")
            || candidate.hasPrefix("../")
        return looksLikePath ? candidate : nil
    }

    /// `~/x` with the home directory; other paths as given.
    static func expand(_ path: String, home: String = NSHomeDirectory()) -> String {
        path == "~" || path.hasPrefix("~/") ? home + path.dropFirst() : path
    }
}

/// The effect runner's side of `/attach` and pasted paths: reads the file with the loader `ask --attach` uses
/// (`AttachmentFile`), so both front ends take and refuse the same files.
enum AttachmentReader {
    /// The action for a read of `path`. A paste that only looked like a path (no file is there) goes back into
    /// the draft as the text it was.
    static func read(_ path: String, pasted: String?, home: String = NSHomeDirectory()) -> Action {
        let expanded = PastedPath.expand(path, home: home)
        var isDirectory: ObjCBool = false
        if let pasted, !FileManager.default.fileExists(atPath: expanded, isDirectory: &isDirectory) || isDirectory.boolValue {
            return .pasteAsText(pasted)
        }
        do {
            return .attachmentRead(Attachment(try AttachmentFile.read(expanded)))
        } catch {
            return .attachmentFailed("cannot attach " + TerminalText.inert(error.description))
        }
    }
}
