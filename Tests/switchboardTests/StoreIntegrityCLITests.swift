import Foundation
import XCTest

/// The history database through the real binary: read-only commands write nothing, concurrent deletes do not
/// fail, a damaged file stops the command with exit 7 and keeps its bytes, and `--db` must be a regular file.
final class StoreIntegrityCLITests: XCTestCase {
    private var cli: CLIRunner!

    override func setUpWithError() throws { cli = try CLIRunner() }
    override func tearDown() { cli?.cleanUp() }

    private var database: URL { cli.home.appendingPathComponent("data/switchboard/switchboard.sqlite") }

    private func sessionIDs() throws -> [String] {
        let list = try cli.run(["history", "list", "--limit", "100", "--json"])
        XCTAssertEqual(list.status, 0, list.stderr)
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        return rows.compactMap { $0["id"] as? String }
    }

    func testReadOnlyCommandsOnAMissingDatabaseCreateNothing() throws {
        for command in [["history", "list"], ["history", "search", "x"], ["spend"], ["stats"], ["health"],
                        ["route", "--explain", "-m", "demo/mini", "hello"]] {
            let result = try cli.run(command)
            XCTAssertEqual(result.status, 0, "\(command): \(result.stderr)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: database.deletingLastPathComponent().path),
                       "a read-only command created the database")
    }

    func testReadOnlyCommandsLeaveTheFileByteForByte() throws {
        XCTAssertEqual(try cli.run(["ask", "-m", "demo/mini", "hello walrus"]).status, 0)
        let bytes = try Data(contentsOf: database)
        let id = try XCTUnwrap(try sessionIDs().first)
        for command in [["history", "show", id], ["history", "search", "walrus"], ["history", "export", id, "--format", "json"],
                        ["spend"], ["stats"], ["health"], ["route", "--explain", "-m", "demo/mini", "hello"]] {
            let result = try cli.run(command)
            XCTAssertEqual(result.status, 0, "\(command): \(result.stderr)")
        }
        XCTAssertEqual(try Data(contentsOf: database), bytes)
    }

    func testTenParallelDeletesAllSucceed() throws {
        for index in 0..<20 {
            XCTAssertEqual(try cli.run(["ask", "-m", "demo/mini", "note \(index)"]).status, 0)
        }
        let ids = try sessionIDs()
        XCTAssertEqual(ids.count, 20)
        for round in 0..<2 {
            let failures = try cli.runShell("""
                cd "$HOME"
                fails=0
                for id in "$@"; do "$SB" history delete "$id" --yes >/dev/null 2>err-"$id" & done
                for job in $(jobs -p); do wait "$job" || fails=$((fails + 1)); done
                cat err-* | grep -v '^deleted' || true
                echo "failed $fails"
                """, Array(ids[(round * 10)..<(round * 10 + 10)]))
            XCTAssertTrue(failures.stdout.hasSuffix("failed 0\n"), failures.stdout + failures.stderr)
        }
        XCTAssertEqual(try sessionIDs(), [])
    }

    func testADamagedDatabaseStopsWithExit7AndIsNotWritten() throws {
        for index in 0..<10 {
            XCTAssertEqual(try cli.run(["ask", "-m", "demo/mini", "long story \(index)"]).status, 0)
        }
        let id = try XCTUnwrap(try sessionIDs().first)
        // Move the WAL into the file, then damage the messages table's root page as a bad sector would.
        let pages = try cli.runShell("""
            python3 - "$1" <<'PY'
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            print(db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'messages'").fetchone()[0])
            print(db.execute("PRAGMA page_size").fetchone()[0])
            db.close()
            PY
            """, [database.path])
        let numbers = pages.stdout.split(separator: "\n").compactMap { Int($0) }
        guard numbers.count == 2 else { throw XCTSkip("python3 is needed to find the page: \(pages.stdout) \(pages.stderr)") }
        let handle = try FileHandle(forUpdating: database)
        try handle.seek(toOffset: UInt64((numbers[0] - 1) * numbers[1]))
        try handle.write(contentsOf: Data(repeating: 0xEE, count: 64))
        try handle.close()
        let bytes = try Data(contentsOf: database)

        let show = try cli.run(["history", "show", id])
        XCTAssertEqual(show.status, 7, show.stderr)
        XCTAssertTrue(show.stderr.contains("is damaged") && show.stderr.contains("recovering"), show.stderr)
        XCTAssertEqual(show.stderr.split(separator: "\n").count, 1, "one line, no SQL dump: \(show.stderr)")
        let delete = try cli.run(["history", "delete", id, "--yes"])
        XCTAssertEqual(delete.status, 7, delete.stderr)
        // A writing command that finds the damage stops the same way, before anything is sent.
        for command in [["ask", "--session", id, "more"], ["ask", "new prompt"], ["compare", "--models", "demo/mini,demo/pro", "x"]] {
            let result = try cli.run(command)
            XCTAssertEqual(result.status, 7, "\(command): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("is damaged"), result.stderr)
        }
        XCTAssertEqual(try Data(contentsOf: database), bytes, "the damaged file was written to")
    }

    func testDbOnAFIFOIsRefusedAtOnce() throws {
        let fifo = cli.home.appendingPathComponent("pipe")
        XCTAssertEqual(mkfifo(fifo.path, 0o600), 0)
        for command in [["history", "list"], ["history", "rename", "last", "new"], ["spend"], ["ask", "-m", "demo/mini", "hi"]] {
            let result = try cli.run(command + ["--db", fifo.path], timeout: 10)
            XCTAssertEqual(result.status, 2, "\(command): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("is a FIFO, not a regular file"), result.stderr)
        }
    }

    func testARefusedImportCreatesNoDatabase() throws {
        let archive = Data(#"{"format": "switchboard.session", "version": 1, "id": "11111111-2222-3333-4444-555555555555", "#.utf8)
            + Data(#""title": "t", "created_at": "1900-01-01T00:00:00Z", "updated_at": "2025-01-01T00:00:00Z", "#.utf8)
            + Data(#""archived": false, "messages": [], "metadata": []}"#.utf8)
        let file = cli.home.appendingPathComponent("old.json")
        try archive.write(to: file)
        let result = try cli.run(["history", "import", file.path])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("created_at"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: database.path))
    }
}
