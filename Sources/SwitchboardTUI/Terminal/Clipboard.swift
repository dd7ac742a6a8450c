import Foundation

/// Copying through the terminal (OSC 52): the text travels base64-encoded inside one escape sequence that the
/// driver writes itself, after a frame, so none of it is ever drawn into a cell or read by the terminal as text.
/// Terminals cap what they accept (xterm and tmux by default near 100 KB), so longer text is cut first.
public enum Clipboard {
    /// Bytes of UTF-8 text copied at most.
    public static let limit = 100_000

    /// `text`, cut to `limit` bytes at a character boundary; `cut` says whether anything was left out.
    public static func capped(_ text: String, limit: Int = Clipboard.limit) -> (text: String, cut: Bool) {
        guard text.utf8.count > limit else { return (text, false) }
        var end = text.startIndex
        var bytes = 0
        for index in text.indices {
            let size = text[index].utf8.count
            if bytes + size > limit { break }
            bytes += size
            end = text.index(after: index)
        }
        return (String(text[..<end]), true)
    }

    /// The OSC 52 sequence that puts `text` on the system clipboard ("c"), ended by BEL.
    public static func sequence(for text: String) -> String {
        "\u{1B}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{07}"
    }

    /// "12 KB", "840 bytes": how big a copy was, for the status line.
    static func size(_ bytes: Int) -> String {
        bytes < 1_000 ? "\(bytes) byte\(bytes == 1 ? "" : "s")" : "\((bytes + 500) / 1_000) KB"
    }
}
