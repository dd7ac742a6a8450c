import Foundation

/// What an attached file is, told from its first bytes (magic numbers), never from its name: a PNG named
/// `notes.txt` is an image, and a binary named `.txt` is refused rather than sent as garbled text.
public enum AttachmentKind: Sendable, Hashable {
    case image(mediaType: String)
    case pdf
    case text

    /// The most bytes an attachment of this kind may have. Images: 20 MB (OpenAI's limit; providers with a
    /// lower one answer with their own error). PDFs: 32 MB (Anthropic's request limit). Text: 1 MB, about
    /// 250,000 tokens, more than most context windows take.
    public var sizeLimit: Int {
        switch self {
        case .image: 20 * 1024 * 1024
        case .pdf: 32 * 1024 * 1024
        case .text: 1024 * 1024
        }
    }

    public var label: String {
        switch self {
        case .image(let mediaType): "image (\(mediaType))"
        case .pdf: "PDF"
        case .text: "text file"
        }
    }

    /// The kind in a sentence about limits: "images", "PDFs", "text files".
    public var plural: String {
        switch self {
        case .image: "images"
        case .pdf: "PDFs"
        case .text: "text files"
        }
    }

    /// How many leading bytes `signature` looks at.
    public static let headerLength = 16

    /// The binary format whose magic number `header` starts with: PNG, JPEG, GIF, WebP or PDF; nil for none.
    public static func signature(_ header: [UInt8]) -> AttachmentKind? {
        func starts(_ signature: [UInt8], at offset: Int = 0) -> Bool {
            header.count >= offset + signature.count && Array(header[offset..<offset + signature.count]) == signature
        }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .image(mediaType: "image/png") }
        if starts([0xFF, 0xD8, 0xFF]) { return .image(mediaType: "image/jpeg") }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return .image(mediaType: "image/gif") }
        if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8) { return .image(mediaType: "image/webp") }
        if starts(Array("%PDF-".utf8)) { return .pdf }
        return nil
    }

    /// True when the whole file `bytes` reads as text: valid UTF-8 with no NUL byte.
    public static func isText(_ bytes: Data) -> Bool {
        !bytes.contains(0) && String(data: bytes, encoding: .utf8) != nil
    }
}
