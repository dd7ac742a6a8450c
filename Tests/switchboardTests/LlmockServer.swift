import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import XCTest

/// A running `llmock serve` on a free loopback port: a peer-written mock of OpenAI (/v1), Anthropic
/// (/anthropic) and Gemini (/gemini) with fault scenarios.
final class LlmockServer {
    let port: Int
    private let process: Process

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The variables that point every SDK-style base URL at this mock, with dummy keys.
    var environment: [String: String] {
        [
            "OPENAI_API_KEY": "sk-llmock-test-key-0001", "OPENAI_BASE_URL": baseURL + "/v1",
            "ANTHROPIC_API_KEY": "sk-ant-llmock-test-0001", "ANTHROPIC_BASE_URL": baseURL + "/anthropic",
            "GEMINI_API_KEY": "AIzaLlmockTestKey000000001", "GEMINI_BASE_URL": baseURL + "/gemini",
        ]
    }

    /// Starts llmock; skips the test when it is not installed, except under CI where it must be.
    static func start() throws -> LlmockServer {
        let environment = ProcessInfo.processInfo.environment
        let candidates = [environment["SWITCHBOARD_LLMOCK"]].compactMap { $0 } + (environment["PATH"] ?? "")
            .split(separator: ":").map { "\($0)/llmock" }
        guard let executable = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            if environment["CI"] != nil { throw LlmockError.missing }
            throw XCTSkip("llmock is not installed (pip install llmock)")
        }
        let port = try FreePort.find()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", "\(port)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let server = LlmockServer(port: port, process: process)
        try server.waitUntilHealthy()
        return server
    }

    private init(port: Int, process: Process) {
        self.port = port
        self.process = process
    }

    deinit { stop() }

    /// SIGTERM, then SIGKILL after 5 s: a server spawned from a thread with SIGTERM blocked (a concurrency pool
    /// thread) inherits the mask and would never exit on SIGTERM alone.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Queues behaviours, e.g. `{"type":"fail","status":429,"retry_after":1,"times":1}`.
    func queue(_ behaviorsJSON: String) throws {
        _ = try request("POST", "/_llmock/scenario", body: #"{"behaviors":[\#(behaviorsJSON)]}"#)
    }

    func reset() throws {
        _ = try request("POST", "/_llmock/reset", body: "{}")
    }

    /// The requests llmock served (its journal), oldest first: provider, path, status and the body as sent.
    func served() throws -> [[String: Any]] {
        let text = try request("GET", "/_llmock/requests", body: nil)
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        guard let records = object?["requests"] as? [[String: Any]] else { throw LlmockError.badResponse(text) }
        return records
    }

    private func waitUntilHealthy() throws {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let body = try? request("GET", "/health", body: nil), body.contains("ok") { return }
            Thread.sleep(forTimeInterval: 0.2)
        }
        stop()
        throw LlmockError.notHealthy(port)
    }

    private func request(_ method: String, _ path: String, body: String?) throws -> String {
        guard let url = URL(string: baseURL + path) else { throw LlmockError.notHealthy(port) }
        var request = URLRequest(url: url, timeoutInterval: 5)
        request.httpMethod = method
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "content-type")
        }
        let semaphore = DispatchSemaphore(value: 0)
        let box = ResponseBox()
        URLSession.shared.dataTask(with: request) { data, response, error in
            box.set(data: data, status: (response as? HTTPURLResponse)?.statusCode, error: error)
            semaphore.signal()
        }.resume()
        semaphore.wait()
        return try box.result()
    }
}

enum LlmockError: Error, CustomStringConvertible {
    case missing
    case notHealthy(Int)
    case badResponse(String)

    var description: String {
        switch self {
        case .missing: "llmock is required under CI: pip install llmock (the CI script does)"
        case .notHealthy(let port): "llmock did not become healthy on port \(port)"
        case .badResponse(let text): "llmock answered: \(text)"
        }
    }
}

private final class ResponseBox: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?
    private var status: Int?
    private var error: (any Error)?

    func set(data: Data?, status: Int?, error: (any Error)?) {
        lock.withLock { (self.data, self.status, self.error) = (data, status, error) }
    }

    func result() throws -> String {
        try lock.withLock {
            if let error { throw error }
            let text = String(decoding: data ?? Data(), as: UTF8.self)
            guard let status, (200..<300).contains(status) else { throw LlmockError.badResponse(text) }
            return text
        }
    }
}

/// Asks the kernel for a free loopback port.
enum FreePort {
    static func find() throws -> Int {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(socketFD, pointer, length) == 0 && getsockname(socketFD, pointer, &length) == 0
            }
        }
        guard bound else { throw LlmockError.badResponse("could not bind a loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
