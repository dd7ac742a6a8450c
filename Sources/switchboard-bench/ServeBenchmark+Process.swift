import Foundation
import SwitchboardCore
import SwitchboardHTTP

/// The gateway process of the serve benchmark. `switchboard serve` is the binary built beside this one, with its own
/// HOME, config (OpenAI pointed at the loopback fixture) and database, on a free port read from the line it prints.
final class ServeBenchmarkProcess: @unchecked Sendable {
    let process: Process
    let url: URL
    let home: URL

    private init(process: Process, url: URL, home: URL) {
        self.process = process
        self.url = url
        self.home = home
    }

    static func start(upstream: URL) throws -> ServeBenchmarkProcess {
        let home = try scratchHome("sb-serve-bench")
        let config = home.appendingPathComponent("config/switchboard")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        try Data("""
            default_model = "gpt-4o-mini"

            [providers.openai]
            base_url = "\(upstream.absoluteString)"
            """.utf8).write(to: config.appendingPathComponent("config.toml"))
        return try launchBeside("switchboard", home: home,
                                arguments: ["serve", "--port", "0", "--no-auth", "--db", home.appendingPathComponent("bench.sqlite").path],
                                environment: [
                                    "HOME": home.path, "XDG_CONFIG_HOME": home.appendingPathComponent("config").path,
                                    "XDG_DATA_HOME": home.appendingPathComponent("data").path, "OPENAI_API_KEY": "sk-bench-000000000001",
                                ])
    }

    /// `switchboard-forwarder` instead of serve (`SWITCHBOARD_BENCH_GATEWAY=forwarder`): serve's HTTP stack forwarding
    /// the bytes and doing nothing else, the floor under what serve adds.
    static func startForwarder(upstream: URL) throws -> ServeBenchmarkProcess {
        try launchBeside("switchboard-forwarder", home: scratchHome("sb-forwarder-bench"),
                         arguments: ["--upstream", upstream.absoluteString, "--port", "0"], environment: [:])
    }

    private static func scratchHome(_ prefix: String) throws -> URL {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        return home
    }

    /// Starts the executable built beside the benchmark and waits for the `listening on URL` line it prints.
    private static func launchBeside(_ name: String, home: URL, arguments: [String],
                                     environment: [String: String]) throws -> ServeBenchmarkProcess {
        let binary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent(name)
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw BenchmarkError.failed("build the \(name) executable beside the benchmark first (looked for \(binary.path))")
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = environment.merging([
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "LANG": "C.UTF-8",
        ]) { own, _ in own }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, !text.contains("\n") {
            let data = out.fileHandleForReading.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        guard let range = text.range(of: "listening on "),
              let url = URL(string: String(text[range.upperBound...].prefix { $0 != " " && $0 != "\n" })) else {
            process.terminate()
            throw BenchmarkError.failed("\(name) did not say where it listens: \(text)")
        }
        return ServeBenchmarkProcess(process: process, url: url, home: home)
    }

    /// LiteLLM's proxy instead of serve, for the README's comparison (`SWITCHBOARD_BENCH_GATEWAY=litellm`): the
    /// `litellm` command on PATH (`pip install 'litellm[proxy]'`), configured with the one model pointing at the
    /// same fixture, on `SWITCHBOARD_BENCH_GATEWAY_PORT` (default 4000). Ready once `/health/liveliness` answers.
    static func startLiteLLM(upstream: URL, transport: AsyncHTTPTransport) async throws -> ServeBenchmarkProcess {
        let home = try scratchHome("sb-litellm-bench")
        let config = home.appendingPathComponent("litellm.yaml")
        try Data("""
            model_list:
              - model_name: gpt-4o-mini
                litellm_params:
                  model: openai/gpt-4o-mini
                  api_base: \(upstream.absoluteString)
                  api_key: sk-bench-000000000001
            general_settings:
              master_key: \(ServeBenchmark.gatewayKey)
            """.utf8).write(to: config)
        let port = ProcessInfo.processInfo.environment["SWITCHBOARD_BENCH_GATEWAY_PORT"] ?? "4000"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["litellm", "--config", config.path, "--host", "127.0.0.1", "--port", port]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        guard let url = URL(string: "http://127.0.0.1:\(port)") else { throw BenchmarkError.failed("bad port \(port)") }
        let deadline = Date().addingTimeInterval(180)
        while Date() < deadline, process.isRunning {
            let probe = HTTPRequest(method: "GET", url: url.appendingPathComponent("health/liveliness"))
            if let response = try? await transport.send(probe, connectTimeout: .seconds(1)), response.status == 200 {
                return ServeBenchmarkProcess(process: process, url: url, home: home)
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        process.terminate()
        throw BenchmarkError.failed("litellm did not answer /health/liveliness on port \(port) within 180 s (is litellm[proxy] installed?)")
    }

    /// Resident memory now, in KiB (`VmRSS` of /proc/PID/status).
    func residentKiB() throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kib = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") else {
            throw BenchmarkError.failed("no VmRSS for the gateway")
        }
        return kib
    }

    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: home)  // a scratch folder: failing to delete it loses nothing
    }
}

/// The CPU time processes used while a load ran, per request it completed.
enum CPUPerRequest {
    static func measure(of processes: [Int32],
                        _ load: () async throws -> (rate: Double, requests: Int)) async throws -> (rate: Double, milliseconds: [Double]) {
        let before = try processes.map(cpuSeconds)
        let (rate, requests) = try await load()
        let after = try processes.map(cpuSeconds)
        return (rate, zip(before, after).map { ($1 - $0) * 1000 / Double(max(requests, 1)) })
    }

    /// User and system time so far (`utime` and `stime` of /proc/PID/stat, in clock ticks).
    static func cpuSeconds(_ process: Int32) throws -> Double {
        let stat = try String(contentsOfFile: "/proc/\(process)/stat", encoding: .utf8)
        // Fields after the command name, which is in parentheses and may hold spaces: state is field 3.
        let fields = stat.split(separator: ")").last?.split(separator: " ") ?? []
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else {
            throw BenchmarkError.failed("no CPU times in /proc/\(process)/stat")
        }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
