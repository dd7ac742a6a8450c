import Foundation

/// A cell's text packed into two words, with no reference count: every cell of every frame is created, copied and
/// compared (a 120x40 frame is 4,800 cells), and a `String` in `Cell` made each of those a retain and a release
/// and kept `Cell` from being copied as plain bytes. Up to 15 bytes of UTF-8 are kept inline (a character with
/// its marks, an emoji with its joiner and variation selector); a longer one is kept once in `CellTextTable` and
/// carried as its number. Unused bytes are zero, so equal text is equal bits.
struct CellText: Hashable, Sendable {
    /// Bytes 0–7 of the UTF-8, or the table number of a long text.
    private var low: UInt64
    /// Bytes 8–14 in its low seven bytes; the top byte is the byte count, or `tableMark` for a long text.
    private var high: UInt64

    static let inlineCapacity = 15
    private static let tableMark: UInt64 = 0xFF

    static let space = CellText(ascii: 0x20)
    /// A wide glyph's second column.
    static let empty = CellText(low: 0, high: 0)

    private init(low: UInt64, high: UInt64) {
        self.low = low
        self.high = high
    }

    /// One printable ASCII character.
    init(ascii byte: UInt8) {
        low = UInt64(byte)
        high = 1 << 56
    }

    init(_ scalar: Unicode.Scalar) {
        self = .empty
        append(scalar)
    }

    init(_ text: String) {
        let utf8 = text.utf8
        if utf8.count <= Self.inlineCapacity {
            self = .empty
            var index = 0
            for byte in utf8 {
                setByte(index, byte)
                index += 1
            }
            high |= UInt64(index) << 56
        } else if let number = CellTextTable.shared.number(for: text) {
            low = UInt64(number)
            high = Self.tableMark << 56
        } else {
            // The table is full (a flood of distinct long marks): keep the whole characters that fit inline.
            self = .empty
            for scalar in text.unicodeScalars {
                guard count + UTF8.width(scalar) <= Self.inlineCapacity else { break }
                append(scalar)
            }
        }
    }

    private var isInTable: Bool { high >> 56 == Self.tableMark }

    /// Bytes of UTF-8 kept inline (0 for a long text kept in the table).
    private var count: Int { isInTable ? 0 : Int(high >> 56) }

    var isEmpty: Bool { high == 0 && low == 0 }

    /// Adds a mark that rides on the character.
    mutating func append(_ scalar: Unicode.Scalar) {
        let size = UTF8.width(scalar)
        guard !isInTable, count + size <= Self.inlineCapacity else {
            var text = string
            text.unicodeScalars.append(scalar)
            self = CellText(text)
            return
        }
        var index = count
        for byte in UTF8.encode(scalar) ?? UTF8.EncodedScalar() {
            setByte(index, byte)
            index += 1
        }
        high = (high & ~(0xFF << 56)) | (UInt64(index) << 56)
    }

    var string: String {
        if isInTable { return CellTextTable.shared.text(Int(low)) }
        let count = self.count
        guard count > 0 else { return "" }
        return String(unsafeUninitializedCapacity: count) { buffer in
            for index in 0..<count { buffer[index] = byte(index) }
            return count
        }
    }

    /// Adds the UTF-8 of the text to `bytes` (what `string` holds, without making it).
    func appendUTF8(to bytes: inout [UInt8]) {
        if isInTable {
            bytes.append(contentsOf: string.utf8)
            return
        }
        for index in 0..<count { bytes.append(byte(index)) }
    }

    private func byte(_ index: Int) -> UInt8 {
        index < 8 ? UInt8(truncatingIfNeeded: low >> (8 * index)) : UInt8(truncatingIfNeeded: high >> (8 * (index - 8)))
    }

    private mutating func setByte(_ index: Int, _ byte: UInt8) {
        if index < 8 {
            low |= UInt64(byte) << (8 * index)
        } else {
            high |= UInt64(byte) << (8 * (index - 8))
        }
    }
}

/// The cell texts longer than `CellText.inlineCapacity` bytes seen in this run, each kept once and numbered.
/// Bounded like `HyperlinkTable`: past `capacity` distinct texts a new one keeps only what fits inline.
final class CellTextTable: @unchecked Sendable {
    // @unchecked: `numbers` and `texts` are read and written under `lock`.
    static let shared = CellTextTable()
    static let capacity = 65_536

    private let lock = NSLock()
    private var numbers: [String: Int] = [:]
    private var texts: [String] = []

    func number(for text: String) -> Int? {
        lock.withLock {
            if let known = numbers[text] { return known }
            guard texts.count < Self.capacity else { return nil }
            texts.append(text)
            numbers[text] = texts.count - 1
            return texts.count - 1
        }
    }

    func text(_ number: Int) -> String {
        lock.withLock { number < texts.count ? texts[number] : "" }
    }
}
