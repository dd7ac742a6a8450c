import Foundation
import XCTest

/// `history export -o` never clobbers: an existing file needs --force, and nothing but a regular file is ever
/// written, --force or not (it used to replace whatever was there and exit 0).
final class HistoryExportTests: XCTestCase {
    private var cli: CLIRunner!
    private var db: String { cli.home.appendingPathComponent("history.sqlite").path }
    private func path(_ name: String) -> String { cli.home.appendingPathComponent(name).path }

    override func setUpWithError() throws {
        cli = try CLIRunner()
        let asked = try cli.run(["ask", "--db", db, "hello"])
        XCTAssertEqual(asked.status, 0, asked.stderr)
    }

    override func tearDown() { cli?.cleanUp() }

    private func export(_ target: String, _ extra: [String] = []) throws -> CLIRunner.Result {
        try cli.run(["history", "export", "--db", db, "last", "--format", "json", "-o", target] + extra, timeout: 20)
    }

    func testANewFileIsWrittenPrivate() throws {
        let result = try export(path("out.json"))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertNotNil(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path("out.json")))))
        let mode = try FileManager.default.attributesOfItem(atPath: path("out.json"))[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)
    }

    func testAnExistingFileNeedsForce() throws {
        try Data("precious".utf8).write(to: URL(fileURLWithPath: path("notes.json")))
        let refused = try export(path("notes.json"))
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("notes.json already exists; pass --force to replace it"), refused.stderr)
        XCTAssertEqual(try String(contentsOfFile: path("notes.json"), encoding: .utf8), "precious")

        let forced = try export(path("notes.json"), ["--force"])
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertTrue(try String(contentsOfFile: path("notes.json"), encoding: .utf8).hasPrefix("{"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: cli.home.path).filter { $0.hasPrefix(".notes.json") }
        XCTAssertEqual(leftovers, [], "no temporary file is left behind")
    }

    func testAFIFOIsRefusedWithoutBlockingEvenWithForce() throws {
        XCTAssertEqual(mkfifo(path("pipe"), 0o600), 0)
        let result = try export(path("pipe"), ["--force"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("is a FIFO (named pipe), not a regular file"), result.stderr)
    }

    func testDevicesAndLinksToThemAreRefusedEvenWithForce() throws {
        try FileManager.default.createSymbolicLink(atPath: path("stdout"), withDestinationPath: "/proc/self/fd/1")
        try FileManager.default.createSymbolicLink(atPath: path("null"), withDestinationPath: "/dev/null")
        for target in ["/dev/null", path("null"), path("stdout"), "/proc/self/fd/1", cli.home.path] {
            let result = try export(target, ["--force"])
            XCTAssertEqual(result.status, 2, "\(target): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("not a regular file; refusing to write to it"), "\(target): \(result.stderr)")
            XCTAssertEqual(result.stdout, "", "nothing reached the pipe behind \(target)")
        }
        var info = stat()
        XCTAssertEqual(stat("/dev/null", &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFCHR, "/dev/null is still a device")
    }
}
