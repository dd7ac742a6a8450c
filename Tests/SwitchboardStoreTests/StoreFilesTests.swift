import XCTest
@testable import SwitchboardStore

final class StoreFilesTests: XCTestCase {
    func testCreatesPrivateDirectoryAndFile() throws {
        let directory = try TemporaryDirectory()
        let url = directory.url.appendingPathComponent("nested/deeper/db.sqlite")
        XCTAssertEqual(try StoreFiles.prepare(url), .fresh)
        XCTAssertEqual(try mode(of: url.deletingLastPathComponent().path), 0o700)
        XCTAssertEqual(try mode(of: url.path), 0o600)
        XCTAssertEqual(try StoreFiles.prepare(url), .fresh, "an empty file is still a fresh database")
    }

    func testRefusesFileThatIsNotSQLite() throws {
        let directory = try TemporaryDirectory()
        let url = directory.file("notes.txt")
        try Data("hello, not a database".utf8).write(to: url)
        XCTAssertThrowsError(try StoreFiles.prepare(url)) { error in
            XCTAssertEqual(error as? StoreError, .notADatabase(path: url.path))
        }
    }

    func testRecognisesSQLiteHeader() throws {
        let directory = try TemporaryDirectory()
        let url = directory.file("db.sqlite")
        try Data(StoreFiles.sqliteHeader + [0, 1, 2]).write(to: url)
        XCTAssertEqual(try StoreFiles.prepare(url), .existing)
    }

    func testDirectoryThatIsAFileIsReported() throws {
        let directory = try TemporaryDirectory()
        let blocker = directory.file("blocker")
        try Data("x".utf8).write(to: blocker)
        let url = blocker.appendingPathComponent("db.sqlite")
        XCTAssertThrowsError(try StoreFiles.prepare(url)) { error in
            guard case .directoryUnavailable(let path, _) = error as? StoreError else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertEqual(path, blocker.path)
        }
    }

    func testUncreatableDirectoryIsReported() throws {
        let directory = try TemporaryDirectory()
        let blocker = directory.file("blocker")
        try Data("x".utf8).write(to: blocker)
        let url = blocker.appendingPathComponent("sub/db.sqlite")
        XCTAssertThrowsError(try StoreFiles.prepare(url)) { error in
            guard case .directoryUnavailable = error as? StoreError else { return XCTFail("unexpected \(error)") }
        }
    }

    /// `--db` on a FIFO used to hang (opening a FIFO for reading blocks until a writer comes). Refused at once,
    /// for writing and reading commands alike, and the FIFO is left as it was.
    func testFIFOIsRefusedWithoutBlocking() throws {
        let directory = try TemporaryDirectory()
        let url = directory.file("pipe.sqlite")
        XCTAssertEqual(mkfifo(url.path, 0o600), 0)
        let started = Date()
        XCTAssertThrowsError(try StoreFiles.prepare(url)) { error in
            XCTAssertEqual(error as? StoreError, .notARegularFile(path: url.path, kind: "FIFO"))
        }
        XCTAssertThrowsError(try SQLiteStore(url: url, access: .readOnly)) { error in
            XCTAssertEqual(error as? StoreError, .notARegularFile(path: url.path, kind: "FIFO"))
            XCTAssertTrue("\(error)".contains("not a regular file"), "\(error)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 2)
        var info = stat()
        XCTAssertEqual(stat(url.path, &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFIFO, "the FIFO is left as it was")
    }

    func testDirectoryDeviceAndSocketAreRefused() throws {
        let directory = try TemporaryDirectory()
        let folder = directory.file("folder")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        XCTAssertThrowsError(try SQLiteStore(url: folder)) { error in
            XCTAssertEqual(error as? StoreError, .notARegularFile(path: folder.path, kind: "directory"))
        }
        XCTAssertThrowsError(try SQLiteStore(url: URL(fileURLWithPath: "/dev/null"))) { error in
            XCTAssertEqual(error as? StoreError, .notARegularFile(path: "/dev/null", kind: "character device"))
        }
        let socketURL = directory.file("s.sock")
        let socketDescriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socketDescriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in socketURL.path.utf8.prefix(buffer.count - 1).enumerated() { buffer[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        XCTAssertEqual(bound, 0)
        XCTAssertThrowsError(try StoreFiles.prepare(socketURL)) { error in
            XCTAssertEqual(error as? StoreError, .notARegularFile(path: socketURL.path, kind: "socket"))
        }
    }

    func testSymlinkToADatabaseIsFollowed() throws {
        let directory = try TemporaryDirectory()
        let real = directory.file("real.sqlite")
        _ = try SQLiteStore(url: real).createSession(firstPrompt: "linked", model: nil)
        let link = directory.file("link.sqlite")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: real)
        XCTAssertEqual(try SQLiteStore(url: link, access: .readOnly).listSessions().map(\.session.title), ["linked"])
    }

    private func mode(of path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try XCTUnwrap(attributes[.posixPermissions] as? Int) & 0o777
    }
}
