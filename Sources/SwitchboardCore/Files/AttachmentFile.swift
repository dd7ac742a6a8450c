import Foundation

/// A file read to be attached to a message: its part, name, size and kind. `ask --attach` and the workbench's
/// `/attach` both read files through `AttachmentFile.read` (moved here from the CLI's AskAttachments), so the same
/// file is taken or refused the same way, with the same words.
public struct AttachmentFile: Sendable, Hashable {
    public var part: ContentPart
    public var name: String
    public var size: Int
    public var kind: AttachmentKind

    public init(part: ContentPart, name: String, size: Int, kind: AttachmentKind) {
        self.part = part
        self.name = name
        self.size = size
        self.kind = kind
    }

    /// Reads `path`: the type comes from the bytes (`AttachmentKind`), and the size is checked against its
    /// kind's limit before the file is read whole.
    public static func read(_ path: String) throws(AttachmentError) -> AttachmentFile {
        let url = URL(fileURLWithPath: path)
        let handle: FileHandle
        do { handle = try FileHandle(forReadingFrom: url) } catch {
            throw AttachmentError(path: path, problem: .unreadable(reason(error)))
        }
        defer { try? handle.close() }  // read-only: closing cannot lose data
        let size: Int
        let header: [UInt8]
        do {
            size = Int(try handle.seekToEnd())
            try handle.seek(toOffset: 0)
            header = Array(try handle.read(upToCount: AttachmentKind.headerLength) ?? Data())
        } catch {
            throw AttachmentError(path: path, problem: .unreadable(reason(error)))
        }
        // Without a binary signature the file can only be text, so the text limit applies before reading it.
        let kind = AttachmentKind.signature(header) ?? .text
        guard size <= kind.sizeLimit else {
            throw AttachmentError(path: path, problem: .tooLarge(kind: kind, size: size))
        }
        let data: Data
        do {
            try handle.seek(toOffset: 0)
            data = try handle.readToEnd() ?? Data()
        } catch {
            throw AttachmentError(path: path, problem: .unreadable(reason(error)))
        }
        let name = url.lastPathComponent
        let part: ContentPart
        switch kind {
        case .image(let mediaType):
            part = .image(ImagePart(data: data, mediaType: mediaType))
        case .pdf:
            part = .document(DocumentPart(data: data, mediaType: "application/pdf", name: name))
        case .text:
            guard AttachmentKind.isText(data) else { throw AttachmentError(path: path, problem: .unsupported) }
            part = .document(DocumentPart(data: data, mediaType: "text/plain", name: name))
        }
        return AttachmentFile(part: part, name: name, size: data.count, kind: kind)
    }

    /// "21.0 MB (22020096 bytes)": the rounded size a person reads and the exact count.
    public static func megabytes(_ bytes: Int) -> String {
        let value = Double(bytes) / (1024 * 1024)
        return String(format: "%.1f MB", value) + " (\(bytes) bytes)"
    }

    private static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
           let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(code.rawValue))
        }
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
        if nsError.domain == NSCocoaErrorDomain, nsError.code == NSFileReadNoSuchFileError || nsError.code == 260 {
            return "no such file"
        }
        return nsError.localizedDescription
    }
}

/// Why a file cannot be attached; `description` names the file.
public struct AttachmentError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Problem: Sendable, Hashable {
        case unreadable(String)
        case tooLarge(kind: AttachmentKind, size: Int)
        case unsupported
    }

    public var path: String
    public var problem: Problem

    public init(path: String, problem: Problem) {
        self.path = path
        self.problem = problem
    }

    /// "notes.bin: not a supported file type (…)".
    public var description: String {
        switch problem {
        case .unreadable(let reason):
            "\(path): cannot read the file (\(reason))"
        case .tooLarge(let kind, let size):
            "\(path): the \(kind.label) is \(AttachmentFile.megabytes(size)), over the "
                + "\(kind.sizeLimit / (1024 * 1024)) MB limit for \(kind.plural)"
        case .unsupported:
            "\(path): not a supported file type (images: PNG, JPEG, GIF, WebP; PDF; or UTF-8 text)"
        }
    }
}
