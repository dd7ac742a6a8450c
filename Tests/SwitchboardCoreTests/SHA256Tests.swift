import Foundation
import XCTest
import SwitchboardCore

/// The NIST test vectors (FIPS 180-2, appendix B): Core's SHA-256 (used by catalog-gen and for gateway keys) must give exactly these.
final class SHA256Tests: XCTestCase {
    func testOneBlockMessageABC() {
        XCTAssertEqual(SHA256.hex(Data("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    func testEmptyMessage() {
        XCTAssertEqual(SHA256.hex(Data()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    /// 448 bits: the padding no longer fits in the first block, so a second one is needed.
    func testTwoBlockMessage() {
        XCTAssertEqual(SHA256.hex(Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    func testOneMillionA() {
        XCTAssertEqual(SHA256.hex(Data(repeating: UInt8(ascii: "a"), count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testDigestBytesMatchHex() {
        XCTAssertEqual(SHA256.hex(SHA256.digest(Array("abc".utf8))), SHA256.hex(Data("abc".utf8)))
        XCTAssertEqual(SHA256.digest([]).count, 32)
    }

    func testConstantTimeEqual() {
        XCTAssertTrue(SHA256.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        XCTAssertFalse(SHA256.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        XCTAssertFalse(SHA256.constantTimeEqual([9, 2, 3], [1, 2, 3]))
        XCTAssertFalse(SHA256.constantTimeEqual([1, 2], [1, 2, 3]))
    }
}
