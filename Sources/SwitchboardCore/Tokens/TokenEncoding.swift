import Foundation
import Logging

/// The BPE encodings bundled with Switchboard: OpenAI's published rank files (see `Encodings/SOURCES.md`).
public enum TokenEncoding: String, Sendable, Hashable, CaseIterable {
    case cl100kBase = "cl100k_base"
    case o200kBase = "o200k_base"

    var pattern: String {
        switch self {
        case .cl100kBase: PreTokenizer.cl100kPattern
        case .o200kBase: PreTokenizer.o200kPattern
        }
    }

    /// The tokenizer, read on first use (o200k's 3.6 MB rank file is not parsed by a run that never counts);
    /// nil when its rank file is missing or unreadable, which is logged once and leaves counts estimated.
    public var tokenizer: BPETokenizer? {
        let loaded = switch self {
        case .cl100kBase: LoadedEncodings.cl100k
        case .o200kBase: LoadedEncodings.o200k
        }
        return try? loaded.get()  // the failure was logged when it happened
    }

    /// Reads and parses the bundled rank file.
    public func load() throws -> BPETokenizer {
        let url = try EncodingFiles.url(of: self)
        return try BPETokenizer(rankFile: try Data(contentsOf: url, options: .mappedIfSafe), pattern: pattern)
    }
}

/// Loaded once per process: a Swift static is initialised lazily and thread-safely.
private enum LoadedEncodings {
    static let cl100k = load(.cl100kBase)
    static let o200k = load(.o200kBase)

    static func load(_ encoding: TokenEncoding) -> Result<BPETokenizer, any Error> {
        let result = Result { try encoding.load() }
        if case .failure(let error) = result {
            Logger(label: "switchboard.tokens").error("\(encoding.rawValue) is not available, token counts are estimated: \(error)")
        }
        return result
    }
}
