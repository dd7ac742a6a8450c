import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import XCTest

/// A real `switchboard serve` process on a free loopback port, for tests over real HTTP: started with the
/// CLIRunner's environment (its HOME, config and keys), its URL read from the line it prints, stopped with SIGTERM.
final class LiveServe: @unchecked Sendable {
    let process: Process
    /// `http://127.0.0.1:PORT`.
    let url: String
    private let errors: Pipe

    private init(process: Process, url: String, errors: Pipe) {
        self.process = process
        self.url = url
        self.errors = errors
    }

    /// Starts `serve --port 0 <arguments>` and waits (up to 60 s) for the line naming its URL.
    static func start(_ cli: CLIRunner, _ arguments: [String]) throws -> LiveServe {
        try start(CLIRunner.binary, ["serve", "--port", "0"] + arguments, environment: cli.environment)
    }

    /// Starts another built executable that prints `listening on URL` the same way.
    static func start(_ executable: URL, _ arguments: [String], environment: [String: String]) throws -> LiveServe {
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw XCTSkip("build the executable first: swift build (looked for \(executable.path))")
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let found = URLLine()
        out.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil }
            found.add(data)
        }
        guard let url = found.wait(seconds: 60) else {
            process.terminate()
            process.waitUntilExit()
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw XCTSkip("\(executable.lastPathComponent) did not print its URL within 60 s; stderr: \(stderr)")
        }
        return LiveServe(process: process, url: url, errors: err)
    }

    /// SIGTERM, then waits for the exit; returns what it printed on stderr.
    @discardableResult
    func stop() -> String {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
        func json() throws -> [String: Any] { try jsonObject(text) }
        func header(_ name: String) -> String? {
            headers.first { $0.key.lowercased() == name.lowercased() }?.value
        }
    }

    func get(_ path: String, key: String? = nil) async throws -> Reply {
        try await send(path, method: "GET", body: nil, key: key)
    }

    func post(_ path: String, json: String, key: String? = nil) async throws -> Reply {
        try await send(path, method: "POST", body: Data(json.utf8), key: key)
    }

    private func send(_ path: String, method: String, body: Data?, key: String?) async throws -> Reply {
        var request = URLRequest(url: try XCTUnwrap(URL(string: url + path)))
        request.httpMethod = method
        request.timeoutInterval = 60
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let key { request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try XCTUnwrap(response as? HTTPURLResponse)
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { headers[name] = value }
        }
        return Reply(status: http.statusCode, headers: headers, body: data)
    }
}

/// Collects serve's stdout until the "listening on URL" line arrives.
private final class URLLine: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""
    private var url: String?
    private let arrived = DispatchSemaphore(value: 0)

    func add(_ data: Data) {
        lock.lock()
        defer { lock.unlock() }
        guard url == nil else { return }
        text += String(decoding: data, as: UTF8.self)
        guard let range = text.range(of: "listening on ") else { return }
        let rest = text[range.upperBound...]
        guard let end = rest.firstIndex(where: { $0 == " " || $0 == "\n" }) else { return }
        url = String(rest[..<end])
        arrived.signal()
    }

    func wait(seconds: Double) -> String? {
        _ = arrived.wait(timeout: .now() + seconds)
        lock.lock()
        defer { lock.unlock() }
        return url
    }
}
