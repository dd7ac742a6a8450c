import Foundation

/// A link target that is safe to write to the terminal inside an OSC 8 sequence. Model output is untrusted: a URL
/// could carry ESC or BEL to end the sequence early and smuggle in commands of its own. So only http, https and
/// mailto links are kept, every character is printable ASCII (other Unicode is percent-encoded as UTF-8, control
/// characters refuse the link) and the whole is capped in length. A link refused here is still shown as text.
public struct Hyperlink: Hashable, Sendable {
    /// Printable ASCII only (0x21...0x7E), at most `maximumLength` bytes.
    public let url: String

    /// Long enough for real links; terminals cap them too (VTE at 2,083 bytes).
    public static let maximumLength = 2_048
    static let schemes: Set<String> = ["http", "https", "mailto"]

    /// Nil when `raw` is not an http, https or mailto URL, holds a control character (C0, DEL, C1), or is too long.
    public init?(_ raw: String) {
        guard let colon = raw.firstIndex(of: ":"),
              Self.schemes.contains(raw[..<colon].lowercased()) else { return nil }
        var url = ""
        for scalar in raw.unicodeScalars {
            switch scalar.value {
            case 0x21...0x7E:
                url.unicodeScalars.append(scalar)
            case 0x20:
                url += "%20"
            case 0...0x1F, 0x7F...0x9F:
                return nil  // ESC, BEL and the other controls (C1 too, which some terminals obey)
            default:
                for byte in String(scalar).utf8 { url += String(format: "%%%02X", byte) }
            }
            guard url.utf8.count <= Self.maximumLength else { return nil }
        }
        let rest = url[url.index(after: url.firstIndex(of: ":") ?? url.startIndex)...]
        guard !rest.isEmpty else { return nil }
        self.url = url
    }
}
