import Foundation
import XCTest

/// A running `switchboard serve --port 0` (the real binary), its port read from the line it prints, and curl
/// to talk to it over real HTTP.
final class GatewayServeProcess {
    let process: Process
    let port: Int
    private let output: GatewayOutput

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts serve with `arguments` after `serve --port 0`; fails when it does not print its URL within 20 s.
    static func start(_ cli: CLIRunner, _ arguments: [String] = ["--no-auth"],
                      extraEnvironment: [String: String] = [:]) throws -> GatewayServeProcess {
        let binary = CLIRunner.binary
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw XCTSkip("build the executable first: swift build (looked for \(binary.path))")
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = ["serve", "--port", "0"] + arguments
        process.environment = cli.environment.merging(extraEnvironment) { _, new in new }
        let output = GatewayOutput()
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        out.fileHandleForReading.readabilityHandler = { output.append($0.availableData, isOut: true) }
        err.fileHandleForReading.readabilityHandler = { output.append($0.availableData, isOut: false) }
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if let port = output.port() { return GatewayServeProcess(process: process, port: port, output: output) }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        process.terminate()
        throw GatewayTestError("serve did not print its URL: stdout \(output.stdout) stderr \(output.stderr)")
    }

    private init(process: Process, port: Int, output: GatewayOutput) {
        self.process = process
        self.port = port
        self.output = output
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

    var stdout: String { output.stdout }
    var stderr: String { output.stderr }

    /// Sends `signal` and waits up to `timeout` for the exit; returns the exit status (nil: still running).
    func stop(signal: Int32 = SIGTERM, timeout: TimeInterval = 20) -> Int32? {
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        guard !process.isRunning else { return nil }
        return process.terminationStatus
    }

    /// curl against the server: `-sS -i` (headers then body) plus `arguments`; returns headers and body.
    func curl(_ path: String, _ arguments: [String] = [], body: String? = nil, timeout: TimeInterval = 60) throws -> GatewayHTTPReply {
        var args = ["-sS", "-i", "--max-time", String(Int(timeout))] + arguments
        if let body { args += ["-H", "content-type: application/json", "--data-binary", body] }
        args.append(baseURL + path)
        return try GatewayHTTPReply(raw: Self.run("/usr/bin/env", ["curl"] + args, timeout: timeout + 5))
    }

    /// Runs a program to its end and returns its stdout.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                    timeout: TimeInterval = 60) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let output = GatewayOutput()
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        out.fileHandleForReading.readabilityHandler = { output.append($0.availableData, isOut: true) }
        err.fileHandleForReading.readabilityHandler = { output.append($0.availableData, isOut: false) }
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning {
            process.terminate()
            throw GatewayTestError("\(arguments.prefix(3)) did not finish in \(timeout) s: \(output.stdout) \(output.stderr)")
        }
        // The last bytes can still be in the pipe after the exit.
        Thread.sleep(forTimeInterval: 0.05)
        output.append(out.fileHandleForReading.readDataToEndOfFile(), isOut: true)
        output.append(err.fileHandleForReading.readDataToEndOfFile(), isOut: false)
        guard process.terminationStatus == 0 else {
            throw GatewayTestError("\(arguments.prefix(3)) exited \(process.terminationStatus): \(output.stdout) \(output.stderr)")
        }
        return output.stdout
    }
}

/// One HTTP reply read from `curl -i`: status, headers (lowercased names) and body.
struct GatewayHTTPReply {
    var status: Int
    var headers: [String: String]
    var body: String

    init(raw: String) throws {
        guard let split = raw.range(of: "\r\n\r\n") else { throw GatewayTestError("no HTTP head in: \(raw)") }
        let head = raw[..<split.lowerBound].components(separatedBy: "\r\n")
        guard let statusLine = head.first, let code = statusLine.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else {
            throw GatewayTestError("no status line in: \(raw)")
        }
        status = code
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        self.headers = headers
        body = String(raw[split.upperBound...])
    }

    func json() throws -> [String: Any] { try jsonObject(body) }

    /// The SSE `data:` payloads, in order.
    var events: [String] {
        body.components(separatedBy: "\n").filter { $0.hasPrefix("data: ") }.map { String($0.dropFirst(6)) }
    }
}

struct GatewayTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Output of a child process, gathered from its pipes' handlers.
final class GatewayOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var out = Data(), err = Data()

    func append(_ data: Data, isOut: Bool) {
        lock.withLock { if isOut { out.append(data) } else { err.append(data) } }
    }

    var stdout: String { lock.withLock { String(decoding: out, as: UTF8.self) } }
    var stderr: String { lock.withLock { String(decoding: err, as: UTF8.self) } }

    /// The port in serve's `listening on http://127.0.0.1:PORT` line.
    func port() -> Int? {
        let text = stdout
        guard let range = text.range(of: "listening on http://") else { return nil }
        let rest = text[range.upperBound...]
        guard let colon = rest.firstIndex(of: ":") else { return nil }
        let digits = rest[rest.index(after: colon)...].prefix { $0.isNumber }
        return Int(digits)
    }
}
