import XCTest
@testable import SwitchboardCore

/// The one attachment loader (`ask --attach` and the workbench's `/attach`): type from the bytes, size limits
/// per kind, errors that name the file.
final class AttachmentFileTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("attach-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: directory)
    }

    private func file(_ name: String, _ data: Data) throws -> String {
        let url = directory.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }

    func testAPNGNamedTxtIsAnImage() throws {
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3])
        let read = try AttachmentFile.read(try file("notes.txt", png))
        XCTAssertEqual(read.part, .image(ImagePart(data: png, mediaType: "image/png")))
        XCTAssertEqual(read.name, "notes.txt")
        XCTAssertEqual(read.size, png.count)
    }

    func testPDFAndTextAreDocumentsWithTheirName() throws {
        let pdf = Data("%PDF-1.7\n...".utf8)
        XCTAssertEqual(try AttachmentFile.read(try file("spec.bin", pdf)).part,
                       .document(DocumentPart(data: pdf, mediaType: "application/pdf", name: "spec.bin")))
        let text = Data("héllo".utf8)
        XCTAssertEqual(try AttachmentFile.read(try file("a.md", text)).part,
                       .document(DocumentPart(data: text, mediaType: "text/plain", name: "a.md")))
    }

    func testErrorsNameTheFileAndWhy() throws {
        let missing = directory.appendingPathComponent("missing.png").path
        XCTAssertThrowsError(try AttachmentFile.read(missing)) { error in
            XCTAssertEqual("\(error)", "\(missing): cannot read the file (No such file or directory)")
        }
        let big = try file("big.txt", Data(repeating: 0x61, count: 1024 * 1024 + 1))
        XCTAssertThrowsError(try AttachmentFile.read(big)) { error in
            XCTAssertEqual("\(error)", "\(big): the text file is 1.0 MB (1048577 bytes), over the 1 MB limit for text files")
        }
        let binary = try file("x.txt", Data([0x00, 0xFF]))
        XCTAssertThrowsError(try AttachmentFile.read(binary)) { error in
            XCTAssertEqual(error as? AttachmentError, AttachmentError(path: binary, problem: .unsupported))
        }
    }
}
