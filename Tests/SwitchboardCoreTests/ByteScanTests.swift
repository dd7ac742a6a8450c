import XCTest
@testable import SwitchboardCore

/// The eight-bytes-at-a-time search must find exactly what a byte-by-byte walk finds, wherever the byte sits in a
/// word and whatever other bytes share the word (a borrow from a match must never hide or invent an earlier one).
final class ByteScanTests: XCTestCase {
    private func naive(_ bytes: [UInt8], from start: Int, _ matches: (UInt8) -> Bool) -> Int {
        bytes[start...].firstIndex(where: matches) ?? bytes.count
    }

    func testJSONSpecialsAreFoundWhereTheWalkFindsThem() {
        var generator = SystemRandomNumberGenerator()
        // Ordinary bytes next to the specials' neighbours: 0x1F/0x20/0x21, 0x22/0x23, 0x5B/0x5C/0x5D, UTF-8 above 0x80.
        let alphabet: [UInt8] = [0x00, 0x01, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x41, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0xC3, 0xA9, 0xFF]
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...40, using: &generator)
            let bytes = (0..<count).map { _ in
                Bool.random(using: &generator) ? UInt8(ascii: "a") : alphabet.randomElement(using: &generator) ?? 0
            }
            let start = Int.random(in: 0...count, using: &generator)
            let found = bytes.withUnsafeBufferPointer { JSONStringBytes.firstSpecial(in: $0, from: start) }
            XCTAssertEqual(found, naive(bytes, from: start) { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 }, "\(bytes) from \(start)")
        }
    }

    func testEveryOffsetOfAWordAndEveryByteValue() {
        for value in 0...255 {
            for offset in 0..<16 {
                var bytes = [UInt8](repeating: UInt8(ascii: "x"), count: 20)
                bytes[offset] = UInt8(value)
                let special = value == 0x22 || value == 0x5C || value < 0x20
                let found = bytes.withUnsafeBufferPointer { JSONStringBytes.firstSpecial(in: $0, from: 0) }
                XCTAssertEqual(found, special ? offset : bytes.count, "byte \(value) at \(offset)")
            }
        }
    }
}
