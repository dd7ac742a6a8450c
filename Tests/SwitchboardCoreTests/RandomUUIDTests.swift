import Foundation
import XCTest
@testable import SwitchboardCore

final class RandomUUIDTests: XCTestCase {
    func testUUIDsAreVersion4Variant1AndDistinctAcrossRefills() {
        // A 64-byte pool refills every fourth UUID.
        let pool = RandomBytePool(path: "/dev/urandom", size: 64)
        var seen = Set<UUID>()
        for _ in 0..<1_000 {
            guard let id = pool.next() else { return XCTFail("/dev/urandom could not be read") }
            XCTAssertEqual(id.uuid.6 >> 4, 4, "version")
            XCTAssertEqual(id.uuid.8 >> 6, 0b10, "variant")
            seen.insert(id)
        }
        XCTAssertEqual(seen.count, 1_000)
    }

    func testEveryByteVariesBesidesTheVersionAndVariantBits() {
        let ids = (0..<256).map { _ in RandomUUID.make() }
        let bytes: [[UInt8]] = ids.map { id in withUnsafeBytes(of: id.uuid) { Array($0) } }
        for index in 0..<16 {
            // Byte 6 keeps four random bits beside the version, byte 8 six beside the variant.
            let randomBits: UInt8 = index == 6 ? 0x0F : index == 8 ? 0x3F : 0xFF
            let values = Set(bytes.map { $0[index] & randomBits })
            XCTAssertGreaterThan(values.count, Int(randomBits) / 2, "byte \(index) barely varies")
        }
    }

    func testConcurrentCallersNeverShareAUUID() async {
        let ids = await withTaskGroup(of: [UUID].self) { group in
            for _ in 0..<8 {
                group.addTask { (0..<2_000).map { _ in RandomUUID.make() } }
            }
            return await group.reduce(into: [UUID]()) { $0 += $1 }
        }
        XCTAssertEqual(Set(ids).count, 16_000)
    }

    func testASourceThatCannotBeReadGivesNone() {
        XCTAssertNil(RandomBytePool(path: "/nonexistent/random", size: 64).next())
        // A source shorter than one UUID is not padded.
        let short = FileManager.default.temporaryDirectory.appendingPathComponent("short-\(UUID().uuidString)")
        XCTAssertTrue(FileManager.default.createFile(atPath: short.path, contents: Data([1, 2, 3])))
        defer { try? FileManager.default.removeItem(at: short) }
        XCTAssertNil(RandomBytePool(path: short.path, size: 64).next())
    }
}
