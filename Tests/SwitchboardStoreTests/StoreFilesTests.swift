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

    private func mode(of path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try XCTUnwrap(attributes[.posixPermissions] as? Int) & 0o777
    }
}
