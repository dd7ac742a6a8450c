import Foundation

/// A link target that is safe to write to the terminal inside an OSC 8 sequence. Model output is untrusted: a URL
/// could carry ESC or BEL to end the sequence early and smuggle in commands of its own. So only http, https and
/// mailto links are kept, every character is printable ASCII (other Unicode is percent-encoded as UTF-8, control
/// characters refuse the link) and the whole is capped in length. A link refused here is still shown as text.
///
/// A cell carries the link as a number into `HyperlinkTable`, not as its text: every cell of every frame is copied
/// and compared, and a `String` in `Style` made each of those copies reference-counted (a frame cost 40% more).
public struct Hyperlink: Hashable, Sendable {
    /// Where the URL is kept; equal URLs get the same number.
    let id: UInt32

    /// Printable ASCII only (0x21...0x7E), at most `maximumLength` bytes.
    public var url: String { HyperlinkTable.shared.url(id) }

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
        guard !rest.isEmpty, let id = HyperlinkTable.shared.id(for: url) else { return nil }
        self.id = id
    }
}

/// The URLs of the links seen in this run, each kept once and numbered. Bounded: past `capacity` distinct URLs a
/// new one is not made a hyperlink (it still shows as text), so a flood of links from a model cannot grow it
/// without end.
final class HyperlinkTable: @unchecked Sendable {
    // @unchecked: `ids` and `urls` are read and written under `lock`.
    static let shared = HyperlinkTable()
    static let capacity = 65_536

    private let lock = NSLock()
    private var ids: [String: UInt32] = [:]
    private var urls: [String] = []

    func id(for url: String) -> UInt32? {
        lock.withLock {
            if let known = ids[url] { return known }
            guard urls.count < Self.capacity else { return nil }
            let id = UInt32(urls.count)
            urls.append(url)
            ids[url] = id
            return id
        }
    }

    func url(_ id: UInt32) -> String {
        lock.withLock { Int(id) < urls.count ? urls[Int(id)] : "" }
    }
}
