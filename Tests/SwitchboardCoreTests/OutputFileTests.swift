import Foundation
import XCTest
@testable import SwitchboardCore

/// `OutputFile.write`: a new file is created private and whole; an existing one needs `replacing`; anything that
/// is not a regular file is refused even then, without being opened (a FIFO would block, a device would be written).
final class OutputFileTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sb-out-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    private func contents(_ name: String) throws -> String {
        String(decoding: try Data(contentsOf: directory.appendingPathComponent(name)), as: UTF8.self)
    }

    private func mode(_ path: String) throws -> Int {
        try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    /// Only the expected names: no temporary file is left behind, whatever happened.
    private func assertDirectoryHolds(_ names: Set<String>, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: directory.path)), names, file: file, line: line)
    }

    func testANewFileIsCreatedPrivateWithEveryByte() throws {
        let data = Data((0..<200_000).map { UInt8($0 % 251) })
        try OutputFile.write(data, to: path("new.json"), replacing: false)
        XCTAssertEqual(try Data(contentsOf: directory.appendingPathComponent("new.json")), data)
        XCTAssertEqual(try mode(path("new.json")), 0o600)
        try assertDirectoryHolds(["new.json"])
    }

    func testAnExistingFileIsKeptUnlessReplacingIsAsked() throws {
        try Data("precious".utf8).write(to: directory.appendingPathComponent("notes.md"))
        XCTAssertThrowsError(try OutputFile.write(Data("export".utf8), to: path("notes.md"), replacing: false)) { error in
            XCTAssertEqual(error as? OutputFile.Failure, .exists(path: path("notes.md")))
        }
        XCTAssertEqual(try contents("notes.md"), "precious")
        try assertDirectoryHolds(["notes.md"])

        try OutputFile.write(Data("export".utf8), to: path("notes.md"), replacing: true)
        XCTAssertEqual(try contents("notes.md"), "export")
        XCTAssertEqual(try mode(path("notes.md")), 0o600)
        try assertDirectoryHolds(["notes.md"])
    }

    func testAFIFOIsRefusedWithoutBeingOpenedEvenWhenReplacing() throws {
        XCTAssertEqual(mkfifo(path("pipe"), 0o600), 0)
        for replacing in [false, true] {
            XCTAssertThrowsError(try OutputFile.write(Data("x".utf8), to: path("pipe"), replacing: replacing)) { error in
                XCTAssertEqual(error as? OutputFile.Failure, .notRegularFile(path: path("pipe"), kind: "a FIFO (named pipe)"))
            }
        }
        var info = stat()
        XCTAssertEqual(lstat(path("pipe"), &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFIFO, "the FIFO is still there")
        try assertDirectoryHolds(["pipe"])
    }

    func testDevicesDirectoriesAndLinksToThemAreRefused() throws {
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("folder"), withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: path("null-link"), withDestinationPath: "/dev/null")
        try FileManager.default.createSymbolicLink(atPath: path("stdout-link"), withDestinationPath: "/proc/self/fd/1")
        try FileManager.default.createSymbolicLink(atPath: path("dangling"), withDestinationPath: path("nowhere"))
        let refused: [(String, String)] = [
            ("/dev/null", "a character device"),
            (path("folder"), "a directory"),
            (path("null-link"), "a symbolic link to a character device"),
            (path("dangling"), "a symbolic link to nothing"),
        ]
        for (target, kind) in refused {
            XCTAssertThrowsError(try OutputFile.write(Data("x".utf8), to: target, replacing: true)) { error in
                XCTAssertEqual(error as? OutputFile.Failure, .notRegularFile(path: target, kind: kind))
            }
        }
        // /proc/self/fd/1 is whatever stdout is here (a pipe, a terminal, a file); never a file to replace.
        let stdoutTarget = path("stdout-link")
        var info = stat()
        if stat(stdoutTarget, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
            XCTAssertThrowsError(try OutputFile.write(Data("x".utf8), to: stdoutTarget, replacing: true))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("nowhere")), "a dangling link is not followed to create a file")
        try assertDirectoryHolds(["folder", "null-link", "stdout-link", "dangling"])
    }

    func testALinkToARegularFileReplacesTheFileAndKeepsTheLink() throws {
        try Data("old".utf8).write(to: directory.appendingPathComponent("real.md"))
        try FileManager.default.createSymbolicLink(atPath: path("link.md"), withDestinationPath: path("real.md"))
        XCTAssertThrowsError(try OutputFile.write(Data("new".utf8), to: path("link.md"), replacing: false))
        XCTAssertEqual(try contents("real.md"), "old")
        try OutputFile.write(Data("new".utf8), to: path("link.md"), replacing: true)
        XCTAssertEqual(try contents("real.md"), "new")
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: path("link.md")), path("real.md"))
        try assertDirectoryHolds(["real.md", "link.md"])
    }

    func testAMissingDirectoryIsAnErrorNotACrash() {
        XCTAssertThrowsError(try OutputFile.write(Data("x".utf8), to: path("no/such/dir/file.md"), replacing: false)) { error in
            guard case .cannotWrite? = error as? OutputFile.Failure else { return XCTFail("\(error)") }
        }
    }
}
