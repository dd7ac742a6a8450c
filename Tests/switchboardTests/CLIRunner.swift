import Foundation
import XCTest

/// Runs the built `switchboard` binary as a person would, with its own HOME and XDG directories so no test
/// touches the real user's files.
struct CLIRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    let home: URL
    var environment: [String: String]

    /// The package's build products, next to this test bundle.
    static var binary: URL {
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return packageRoot.appendingPathComponent(".build/debug/switchboard")
    }

    init(extraEnvironment: [String: String] = [:]) throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("sb-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        var environment = [
            "HOME": home.path,
            "XDG_CONFIG_HOME": home.appendingPathComponent("config").path,
            "XDG_DATA_HOME": home.appendingPathComponent("data").path,
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "SWITCHBOARD_DEMO_PACE": "0",
        ]
        environment.merge(extraEnvironment) { _, new in new }
        self.environment = environment
    }

    func run(_ arguments: [String], stdin: String? = nil, executable: URL = CLIRunner.binary,
             timeout: TimeInterval = 60) throws -> Result {
        let binary = executable
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw XCTSkip("build the executable first: swift build (looked for \(binary.path))")
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = environment
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Drain both pipes concurrently so a full pipe never blocks the child.
        let group = DispatchGroup()
        let collected = Collected()
        for (pipe, isOut) in [(out, true), (err, false)] {
            group.enter()
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collected.set(data, isOut: isOut)
                group.leave()
            }
        }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            XCTFail("switchboard \(arguments.joined(separator: " ")) did not finish in \(timeout) s")
        }
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: collected.text(out: true), stderr: collected.text(out: false))
    }

    /// Runs `script` under bash with `$SB` naming the binary and `"$@"` the arguments, for what a Pipe cannot
    /// show: `exec "$SB" "$@" >/dev/full`, `>&-`, `| head -c 10`. Its stdout and stderr are collected as `run` does.
    func runShell(_ script: String, _ arguments: [String], timeout: TimeInterval = 60) throws -> Result {
        guard FileManager.default.isExecutableFile(atPath: Self.binary.path) else {
            throw XCTSkip("build the executable first: swift build (looked for \(Self.binary.path))")
        }
        var shell = self
        shell.environment["SB"] = Self.binary.path
        return try shell.run(["-c", script, "bash"] + arguments, executable: URL(fileURLWithPath: "/bin/bash"), timeout: timeout)
    }

    /// Starts the binary without waiting for it (for crash and concurrency tests). Output goes nowhere.
    func start(_ arguments: [String], extraEnvironment: [String: String] = [:]) throws -> Process {
        let binary = Self.binary
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw XCTSkip("build the executable first: swift build (looked for \(binary.path))")
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = environment.merging(extraEnvironment) { _, new in new }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Writes `config.toml` where the binary will look for it.
    func writeConfig(_ text: String) throws {
        let directory = URL(fileURLWithPath: environment["XDG_CONFIG_HOME"] ?? home.path).appendingPathComponent("switchboard")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: directory.appendingPathComponent("config.toml"))
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: home)
    }
}

private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var out = Data(), err = Data()
    func set(_ data: Data, isOut: Bool) { lock.withLock { if isOut { out = data } else { err = data } } }
    func text(out isOut: Bool) -> String { lock.withLock { String(decoding: isOut ? out : err, as: UTF8.self) } }
}

/// Decodes a JSON object from command output, failing the test with the output when it is not one.
func jsonObject(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
    return try XCTUnwrap(object as? [String: Any], "not a JSON object: \(text)", file: file, line: line)
}
