import Foundation

/// How every store's search cuts text into words: at anything that is not a letter or a digit, case folded, and
/// each character of the scripts written without spaces (Han, kana, Hangul) a word of its own, so `数据库` is found
/// inside a longer run. The SQLite tokenizer and the PostgreSQL search column both follow it; an index must be
/// rebuilt (a new migration) when these rules change.
public enum SearchScript {
    /// Scripts written without spaces between words (Han, kana) and Hangul, whose syllables would glue.
    public static let cjkRanges: [ClosedRange<UInt32>] = [
        0x1100...0x11FF,       // Hangul Jamo
        0x2E80...0x2FDF,       // CJK radicals, Kangxi radicals
        0x3005...0x3007,       // 々 〆 〇
        0x3040...0x30FF,       // Hiragana, Katakana
        0x3100...0x31FF,       // Bopomofo, Hangul compatibility Jamo, Katakana extensions
        0x3400...0x4DBF,       // CJK extension A
        0x4E00...0x9FFF,       // CJK unified ideographs
        0xA960...0xA97F,       // Hangul Jamo extended A
        0xAC00...0xD7FF,       // Hangul syllables, Jamo extended B
        0xF900...0xFAFF,       // CJK compatibility ideographs
        0xFF66...0xFFDC,       // halfwidth Katakana and Hangul
        0x20000...0x3FFFF,     // CJK extensions B and later
    ]

    /// Asked for every character the SQLite tokenizer reads (snippets re-read each hit's text), so it is an
    /// inlined switch: as a call across modules over `cjkRanges` it made CJK search 5% slower. The two lists are
    /// held equal by a test over every code point up to U+40000.
    @inlinable
    public static func isCJK(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x11FF, 0x2E80...0x2FDF, 0x3005...0x3007, 0x3040...0x30FF, 0x3100...0x31FF, 0x3400...0x4DBF,
             0x4E00...0x9FFF, 0xA960...0xA97F, 0xAC00...0xD7FF, 0xF900...0xFAFF, 0xFF66...0xFFDC, 0x20000...0x3FFFF:
            true
        default:
            false
        }
    }

    /// The words of `text`, lowercased, in order: what a query term is matched as.
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in text.lowercased() {
            let scalar = character.unicodeScalars.first?.value ?? 0
            if isCJK(scalar) {
                if !current.isEmpty { words.append(current) }
                words.append(String(character))
                current = ""
            } else if character.isLetter || character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }
}
