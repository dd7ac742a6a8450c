import Foundation
import GRDB

/// Text that must survive byte for byte, NUL included: message text, titles, system prompts.
///
/// GRDB binds a Swift `String` as a C string (length -1) and reads one back with `String(cString:)`, so both ways
/// stop at the first NUL. Here the text travels as a BLOB of its UTF-8 bytes and SQL converts it: write
/// `CAST(? AS TEXT)` with `ExactText.bind(text)`, read `CAST(column AS BLOB)` with `ExactText.decode`. The column
/// still holds TEXT (the full length), so the search index and its triggers see every byte.
enum ExactText {
    /// An empty text goes as '': GRDB binds an empty `Data` as NULL. Text without a NUL (nearly all of it) is
    /// bound as the string itself, which SQLite reads to its end without copying it into a `Data` first; the
    /// CAST leaves a TEXT value as it is.
    static func bind(_ text: String) -> DatabaseValue {
        if text.isEmpty || !containsNUL(text) { return text.databaseValue }
        return Data(text.utf8).databaseValue
    }

    static func containsNUL(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { $0.contains(0) } ?? text.utf8.contains(0)
    }

    static func bind(_ text: String?) -> DatabaseValue { text.map(bind) ?? .null }

    static func decode(_ row: Row, _ index: Int) throws -> String {
        String(decoding: try row.decode(Data.self, atIndex: index), as: UTF8.self)
    }

    static func decode(_ row: Row, _ column: String) throws -> String {
        String(decoding: try row.decode(Data.self, forColumn: column), as: UTF8.self)
    }

    static func decodeIfPresent(_ row: Row, _ column: String) throws -> String? {
        try row.decode(Data?.self, forColumn: column).map { String(decoding: $0, as: UTF8.self) }
    }
}
