import Foundation

/// A `.tiktoken` rank file in memory (one `<base64 bytes> <rank>` per line): every token's bytes in one buffer,
/// found through an open-addressing hash table of indices. One allocation per array instead of 200,000 keyed
/// `[UInt8]`s keeps parsing o200k fast even in a debug build.
struct BPERanks: Sendable {
    enum ParseError: Error, Equatable, CustomStringConvertible {
        case badBase64(line: Int)
        case badRank(line: Int)
        case duplicate(line: Int)

        var description: String {
            switch self {
            case .badBase64(let line): "line \(line): the token is not base64"
            case .badRank(let line): "line \(line): the rank is not a number"
            case .duplicate(let line): "line \(line): the token is listed twice"
            }
        }
    }

    /// All tokens' bytes, in file order.
    private let bytes: [UInt8]
    /// Token `i` is `bytes[starts[i]..<starts[i + 1]]`.
    private let starts: [Int32]
    private let ranks: [Int32]
    /// Index + 1 of the token in each slot; 0 is empty.
    private let slots: [Int32]
    private let mask: Int

    var count: Int { ranks.count }

    init(parsing data: Data) throws {
        var bytes = [UInt8](repeating: 0, count: data.count * 3 / 4 + 4)
        var starts: [Int32] = [0]
        var ranks: [Int32] = []
        starts.reserveCapacity(data.count / 8)
        ranks.reserveCapacity(data.count / 8)
        var written = 0
        let alphabet = BPERanks.base64Values
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            try bytes.withUnsafeMutableBufferPointer { out in
                guard let input = raw.baseAddress?.assumingMemoryBound(to: UInt8.self),
                      let output = out.baseAddress else { return }
                let end = raw.count
                var index = 0
                var line = 1
                while index < end {
                    if input[index] == 0x0A {
                        index += 1
                        line += 1
                        continue
                    }
                    // The token: 4 base64 characters make 3 bytes; `=` pads the last group.
                    var accumulator: UInt32 = 0
                    var bits = 0
                    while index < end, input[index] != 0x20, input[index] != 0x0A {
                        let character = input[index]
                        index += 1
                        if character == 0x3D { continue }
                        let value = alphabet[Int(character)]
                        guard value < 64 else { throw ParseError.badBase64(line: line) }
                        accumulator = (accumulator << 6) | UInt32(value)
                        bits += 6
                        if bits >= 8 {
                            bits -= 8
                            output[written] = UInt8(truncatingIfNeeded: accumulator >> UInt32(bits))
                            written += 1
                            accumulator &= (1 << UInt32(bits)) - 1
                        }
                    }
                    guard index < end, input[index] == 0x20 else { throw ParseError.badRank(line: line) }
                    index += 1
                    var rank = 0
                    var digits = 0
                    while index < end, input[index] != 0x0A {
                        let digit = Int(input[index]) - 0x30
                        guard digit >= 0, digit <= 9, digits < 10 else { throw ParseError.badRank(line: line) }
                        rank = rank * 10 + digit
                        digits += 1
                        index += 1
                    }
                    guard digits > 0, rank <= Int(Int32.max) else { throw ParseError.badRank(line: line) }
                    index += 1
                    line += 1
                    ranks.append(Int32(rank))
                    starts.append(Int32(written))
                }
            }
        }
        bytes.removeSubrange(written...)
        self.bytes = bytes
        self.starts = starts
        self.ranks = ranks
        // A table at most half full keeps probe chains short.
        var size = 1
        while size < ranks.count * 2 { size <<= 1 }
        mask = size - 1
        var slots = [Int32](repeating: 0, count: size)
        try bytes.withUnsafeBufferPointer { buffer in
            try starts.withUnsafeBufferPointer { starts in
                guard let base = buffer.baseAddress else { return }
                for token in 0..<ranks.count {
                    let start = Int(starts[token]), length = Int(starts[token + 1]) - start
                    var slot = BPERanks.hash(base + start, length) & (size - 1)
                    while slots[slot] != 0 {
                        let other = Int(slots[slot]) - 1
                        let otherStart = Int(starts[other])
                        if Int(starts[other + 1]) - otherStart == length,
                           memcmp(base + otherStart, base + start, length) == 0 {
                            throw ParseError.duplicate(line: token + 1)
                        }
                        slot = (slot + 1) & (size - 1)
                    }
                    slots[slot] = Int32(token + 1)
                }
            }
        }
        self.slots = slots
    }

    /// The rank of exactly these bytes, if they are a token.
    func rank(of piece: UnsafePointer<UInt8>, _ length: Int) -> Int? {
        var slot = BPERanks.hash(piece, length) & mask
        return bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress else { return nil }
            while true {
                let entry = Int(slots[slot])
                if entry == 0 { return nil }
                let start = Int(starts[entry - 1])
                if Int(starts[entry]) - start == length, memcmp(base + start, piece, length) == 0 {
                    return Int(ranks[entry - 1])
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// FNV-1a: short keys, no allocation.
    private static func hash(_ bytes: UnsafePointer<UInt8>, _ length: Int) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for index in 0..<length {
            hash = (hash ^ UInt64(bytes[index])) &* 0x0000_0100_0000_01B3
        }
        return Int(truncatingIfNeeded: hash ^ (hash >> 32))
    }

    /// Each byte's value in the standard base64 alphabet; 255 for any other byte.
    private static let base64Values: [UInt8] = {
        var table = [UInt8](repeating: 255, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (value, character) in alphabet.enumerated() { table[Int(character)] = UInt8(value) }
        return table
    }()
}
