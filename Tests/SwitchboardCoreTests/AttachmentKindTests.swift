import XCTest
@testable import SwitchboardCore

/// Attachments are typed by their magic numbers, and text is UTF-8 with no NUL byte.
final class AttachmentKindTests: XCTestCase {
    func testSignaturesNameTheFormat() {
        XCTAssertEqual(AttachmentKind.signature([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]), .image(mediaType: "image/png"))
        XCTAssertEqual(AttachmentKind.signature([0xFF, 0xD8, 0xFF, 0xDB]), .image(mediaType: "image/jpeg"))
        XCTAssertEqual(AttachmentKind.signature(Array("GIF87a..".utf8)), .image(mediaType: "image/gif"))
        XCTAssertEqual(AttachmentKind.signature(Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8)), .image(mediaType: "image/webp"))
        XCTAssertEqual(AttachmentKind.signature(Array("%PDF-1.7".utf8)), .pdf)
    }

    func testNearMissesAreNotTheFormat() {
        XCTAssertNil(AttachmentKind.signature(Array("RIFF\u{0}\u{0}\u{0}\u{0}WAVEfmt ".utf8)), "a WAV file is RIFF but not WebP")
        XCTAssertNil(AttachmentKind.signature([0x89, 0x50, 0x4E, 0x47]), "a truncated PNG signature")
        XCTAssertNil(AttachmentKind.signature(Array("%PDF".utf8)))
        XCTAssertNil(AttachmentKind.signature([]))
    }

    func testTextIsUTF8WithoutNUL() {
        XCTAssertTrue(AttachmentKind.isText(Data("plain, ünïcödé 数据\n".utf8)))
        XCTAssertTrue(AttachmentKind.isText(Data()))
        XCTAssertFalse(AttachmentKind.isText(Data([0x61, 0x00, 0x62])))
        XCTAssertFalse(AttachmentKind.isText(Data([0x61, 0xC3])), "a cut multi-byte sequence")
        XCTAssertFalse(AttachmentKind.isText(Data([0xFF, 0xFE, 0x61])))
    }

    func testEachKindHasItsLimit() {
        XCTAssertEqual(AttachmentKind.image(mediaType: "image/png").sizeLimit, 20 * 1024 * 1024)
        XCTAssertEqual(AttachmentKind.pdf.sizeLimit, 32 * 1024 * 1024)
        XCTAssertEqual(AttachmentKind.text.sizeLimit, 1024 * 1024)
    }
}
