import GRDB
import SwitchboardCore

/// The full-text tokenizer: SQLite's `unicode61` (case folding, diacritics removed), except that Chinese, Japanese
/// and Korean characters each become their own token. unicode61 alone keeps a run like `数据库的全文搜索` as one
/// token, so a word inside it could never be found; with one token per character, `数据库` finds every message
/// holding those characters, and the search keeps those where they stand together.
///
/// Measured against the trigram tokenizer, which also finds CJK: trigram needs positions (detail=full) and its
/// index was 3.2 times the text; this one's is 0.15 (see `StoreSchema.createSearch`). The name carries a version:
/// an index must always be read with the rules that wrote it, so a change of rules is a new name and a migration
/// that rebuilds the index.
///
/// Every connection must register it (`SQLiteStore` does, in `prepareDatabase`); other SQLite tools cannot write
/// messages without it, because the index triggers call it.
final class SearchTokenizer: FTS5CustomTokenizer {
    static let name = "switchboard_v1"

    private let base: any FTS5Tokenizer

    init(db: Database, arguments: [String]) throws {
        base = try db.makeTokenizer(.unicode61())
    }

    func tokenize(context: UnsafeMutableRawPointer?, tokenization: FTS5Tokenization, pText: UnsafePointer<CChar>?,
                  nText: CInt, tokenCallback: @escaping FTS5TokenCallback) -> CInt {
        var splitter = CJKSplitter(context: context, callback: tokenCallback)
        return withUnsafeMutablePointer(to: &splitter) { pointer in
            base.tokenize(context: UnsafeMutableRawPointer(pointer), tokenization: tokenization, pText: pText,
                          nText: nText) { raw, flags, token, length, start, end in
                guard let raw else { return ResultCode.SQLITE_ERROR.rawValue }
                return raw.assumingMemoryBound(to: CJKSplitter.self).pointee.accept(flags, token, length, start, end)
            }
        }
    }
}

/// Receives unicode61's tokens and passes them on, cutting CJK characters out as tokens of their own.
struct CJKSplitter {
    let context: UnsafeMutableRawPointer?
    let callback: FTS5TokenCallback

    func accept(_ flags: CInt, _ token: UnsafePointer<CChar>?, _ length: CInt, _ start: CInt, _ end: CInt) -> CInt {
        guard let token, length > 0 else { return callback(context, flags, token, length, start, end) }
        let count = Int(length)
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(token).assumingMemoryBound(to: UInt8.self), count: count)
        // Every CJK scalar is at or above U+1100, whose UTF-8 lead byte is 0xE1: most tokens pass straight on.
        guard bytes.contains(where: { $0 >= 0xE1 }) else { return callback(context, flags, token, length, start, end) }

        // Offsets into the document are exact when folding kept the length (always for CJK and ASCII).
        let exact = end - start == length
        var pieceFlags = flags
        func emit(_ from: Int, _ to: Int) -> CInt {
            let code = callback(context, pieceFlags, token + from, CInt(to - from),
                                exact ? start + CInt(from) : start, exact ? start + CInt(to) : end)
            pieceFlags = 0
            return code
        }
        var index = 0
        var pending = 0
        while index < count {
            let width = Self.sequenceLength(lead: bytes[index])
            guard index + width <= count else { break }
            if Self.isCJK(Self.scalarValue(bytes, at: index, width: width)) {
                if pending < index {
                    let code = emit(pending, index)
                    if code != ResultCode.SQLITE_OK.rawValue { return code }
                }
                let code = emit(index, index + width)
                if code != ResultCode.SQLITE_OK.rawValue { return code }
                pending = index + width
            }
            index += width
        }
        if pending < count { return emit(pending, count) }
        return ResultCode.SQLITE_OK.rawValue
    }

    static func sequenceLength(lead: UInt8) -> Int {
        switch lead {
        case ..<0x80: 1
        case ..<0xE0: 2
        case ..<0xF0: 3
        default: 4
        }
    }

    static func scalarValue(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, width: Int) -> UInt32 {
        let lead = UInt32(bytes[index])
        switch width {
        case 1: return lead
        case 2: return (lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
        case 3: return (lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
        default:
            return (lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12 | UInt32(bytes[index + 2] & 0x3F) << 6
                | UInt32(bytes[index + 3] & 0x3F)
        }
    }

    /// Scripts written without spaces between words (Han, kana) and Hangul, whose syllables unicode61 would glue.
    static func isCJK(_ value: UInt32) -> Bool { SearchScript.isCJK(value) }
}
