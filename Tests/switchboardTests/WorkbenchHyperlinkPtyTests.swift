import Foundation
import XCTest

/// OSC 8 hyperlinks from the real workbench in a pseudo-terminal: the bytes it writes are read as a terminal would
/// get them. With `[ui] hyperlinks = "on"` a link in the conversation is printed inside `ESC ] 8 ; ; URL ESC \`;
/// with the default ("auto") in a terminal not known to show them, no OSC 8 byte is ever written.
final class WorkbenchHyperlinkPtyTests: XCTestCase {
    private var root: URL!
    private let esc = "\u{1B}"

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("sb-osc8-\(UUID().uuidString.prefix(8))")
        for folder in ["home", "config/switchboard", "data"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
    }

    override func tearDownWithError() throws {
        if let root { try? FileManager.default.removeItem(at: root) }
    }

    private static func binary() -> URL? {
        let build = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build")
        var candidates = [build.appendingPathComponent("debug/switchboard")]
        let platforms = (try? FileManager.default.contentsOfDirectory(atPath: build.path)) ?? []
        candidates += platforms.sorted().map { build.appendingPathComponent($0).appendingPathComponent("debug/switchboard") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    func testALinkIsWrittenAsAnOSC8HyperlinkWhenOn() throws {
        let output = try converse(config: "[ui]\nhyperlinks = \"on\"\n") { $0.contains("\(esc)]8;;https://x.dev/guide\(esc)\\") }
        let open = try NSRegularExpression(pattern: "\u{1B}\\]8;;https://x\\.dev/guide\u{1B}\\\\(\u{1B}\\[[0-9;]*m)?the guide")
        XCTAssertNotNil(open.firstMatch(in: output, range: NSRange(output.startIndex..., in: output)),
                        "the link's text is printed inside it")
        let closed = try NSRegularExpression(pattern: "the guide\u{1B}\\]8;;\u{1B}\\\\")
        XCTAssertNotNil(closed.firstMatch(in: output, range: NSRange(output.startIndex..., in: output)), "and closed after it")
        XCTAssertFalse(output.contains("\(esc)]8;;javascript"), "only safe links")
    }

    func testNoOSC8IsWrittenWhereTheTerminalIsNotKnownToShowIt() throws {
        // The message as the conversation shows it: the link rendered, its URL dimmed after it.
        let output = try converse(config: "") { $0.contains("‹https://x.dev/guide›") }
        XCTAssertFalse(output.contains("\(esc)]8;"), "auto in a plain xterm writes no hyperlinks")
    }

    /// Starts the workbench on the demo models in a pseudo-terminal with `config`, sends a message with a link and
    /// a harmless unsafe one (the demo answer repeats it), waits until `done` holds for what it wrote, quits with
    /// Ctrl-D and returns everything it wrote.
    private func converse(config: String, until done: (String) -> Bool) throws -> String {
        let binary = try XCTUnwrap(Self.binary(), "build the package first: `swift build` makes .build/debug/switchboard")
        try config.write(to: root.appendingPathComponent("config/switchboard/config.toml"), atomically: true, encoding: .utf8)
        let terminal = try PseudoTerminal(columns: 120, rows: 40)
        defer { terminal.close() }
        let environment = [
            "PATH=/usr/bin:/bin", "HOME=\(root.appendingPathComponent("home").path)",
            "XDG_CONFIG_HOME=\(root.appendingPathComponent("config").path)",
            "XDG_DATA_HOME=\(root.appendingPathComponent("data").path)",
            "LANG=C.UTF-8", "LC_ALL=C.UTF-8", "SWITCHBOARD_DEMO_PACE=0", "TERM=xterm-256color",
        ]
        let pid = try terminal.spawn(binary.path, ["--db", root.appendingPathComponent("w.sqlite").path], environment: environment)
        var status: Int32 = 0
        defer { if waitpid(pid, &status, WNOHANG) == 0 { kill(pid, SIGKILL); _ = waitpid(pid, &status, 0) } }

        try terminal.read(until: { $0.contains("\(esc)[?2004h") }, what: "the workbench to start")
        terminal.settle()
        terminal.write("read [the guide](https://x.dev/guide) and [not this](javascript:alert(1))")
        terminal.settle()
        terminal.write("\r")
        try terminal.read(until: done, what: "the link on screen")
        terminal.settle()
        terminal.write("\u{04}")
        let deadline = Date().addingTimeInterval(10)
        while waitpid(pid, &status, WNOHANG) == 0 {
            guard Date() < deadline else { throw PseudoTerminal.Failure(message: "the workbench did not quit on Ctrl-D") }
            terminal.drain()
        }
        XCTAssertEqual((status >> 8) & 0xFF, 0, "it quits cleanly")
        return terminal.output
    }
}

/// A pseudo-terminal pair: the program gets the secondary side as stdin, stdout and stderr; the test reads what it
/// writes, and types, on the primary side.
private final class PseudoTerminal {
    struct Failure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    private let primary: Int32
    private let secondaryPath: String
    private var bytes: [UInt8] = []

    init(columns: UInt16, rows: UInt16) throws {
        // posix_openpt and friends are not in Swift's Glibc module: the same through /dev/ptmx and its ioctls
        // (TIOCSPTLCK and TIOCGPTN, whose values are the same on x86-64 and arm64 Linux).
        primary = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard primary >= 0, ioctl(primary, UInt(0x4004_5431), &unlock) == 0, ioctl(primary, UInt(0x8004_5430), &number) == 0 else {
            throw Failure(message: "no pseudo-terminal: error \(errno)")
        }
        secondaryPath = "/dev/pts/\(number)"
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(primary, UInt(TIOCSWINSZ), &size)
    }

    var output: String { String(decoding: bytes, as: UTF8.self) }

    func spawn(_ executable: String, _ arguments: [String], environment: [String]) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, secondaryPath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        posix_spawn_file_actions_addclose(&actions, primary)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard spawned == 0 else { throw Failure(message: "cannot run \(executable): error \(spawned)") }
        return pid
    }

    /// Reads what is there now, waiting up to `timeout` for the first byte.
    @discardableResult
    func drain(timeout: Int32 = 50) -> Bool {
        var fds = [pollfd(fd: primary, events: Int16(POLLIN), revents: 0)]
        guard poll(&fds, 1, timeout) > 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = Glibc.read(primary, &buffer, buffer.count)
        guard count > 0 else { return false }
        bytes += buffer[0..<count]
        return true
    }

    func read(until condition: (String) -> Bool, what: String, timeout: TimeInterval = 20) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !condition(output) {
            guard Date() < deadline else {
                throw Failure(message: "timed out waiting for \(what); it wrote \(bytes.count) bytes:\n\(output.suffix(2_000))")
            }
            drain()
        }
    }

    /// Reads until the program has been quiet for a moment (a frame is complete).
    func settle() {
        while drain(timeout: 300) {}
    }

    func write(_ text: String) {
        let data = Array(text.utf8)
        _ = data.withUnsafeBufferPointer { Glibc.write(primary, $0.baseAddress, $0.count) }
    }

    func close() {
        Glibc.close(primary)
    }
}
