import Foundation
import SwitchboardCore

/// `ask --attach FILE`: reads each file into a message part. The type comes from the bytes (`AttachmentKind`),
/// the size is checked against its kind's limit before the file is read whole, and every failure is a usage
/// error (exit 2) that names the file.
enum AskAttachments {
    static func parts(_ paths: [String]) throws -> [ContentPart] {
        try paths.map(part)
    }

    static func part(_ path: String) throws -> ContentPart {
        let url = URL(fileURLWithPath: path)
        let handle: FileHandle
        do { handle = try FileHandle(forReadingFrom: url) } catch {
            throw CLIError.usage("--attach \(path): cannot read the file (\(reason(error)))")
        }
        defer { try? handle.close() }
        let size: Int
        let header: [UInt8]
        do {
            size = Int(try handle.seekToEnd())
            try handle.seek(toOffset: 0)
            header = Array(try handle.read(upToCount: AttachmentKind.headerLength) ?? Data())
        } catch {
            throw CLIError.usage("--attach \(path): cannot read the file (\(reason(error)))")
        }
        // Without a binary signature the file can only be text, so the text limit applies before reading it.
        let kind = AttachmentKind.signature(header) ?? .text
        guard size <= kind.sizeLimit else {
            throw CLIError.usage("--attach \(path): the \(kind.label) is \(megabytes(size)), over the "
                + "\(kind.sizeLimit / (1024 * 1024)) MB limit for \(kind.plural)")
        }
        let data: Data
        do {
            try handle.seek(toOffset: 0)
            data = try handle.readToEnd() ?? Data()
        } catch {
            throw CLIError.usage("--attach \(path): cannot read the file (\(reason(error)))")
        }
        let name = url.lastPathComponent
        switch kind {
        case .image(let mediaType):
            return .image(ImagePart(data: data, mediaType: mediaType))
        case .pdf:
            return .document(DocumentPart(data: data, mediaType: "application/pdf", name: name))
        case .text:
            guard AttachmentKind.isText(data) else {
                throw CLIError.usage("--attach \(path): not a supported file type (images: PNG, JPEG, GIF, WebP; "
                    + "PDF; or UTF-8 text)")
            }
            return .document(DocumentPart(data: data, mediaType: "text/plain", name: name))
        }
    }

    /// "21.0 MB (22020096 bytes)": the rounded size a person reads and the exact count.
    static func megabytes(_ bytes: Int) -> String {
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
