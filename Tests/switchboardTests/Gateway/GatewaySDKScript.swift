import Foundation
import XCTest

/// Runs one of the Python SDK driver scripts beside this file (`anthropic_client_check.py`,
/// `responses_client_check.py`) against a live `serve` and reads the JSON object it prints. A missing SDK skips
/// the test on a developer's machine and fails it under CI (`CI` set), where `.ci/run` installs the pinned SDKs.
enum GatewaySDKScript {
    static func require(_ module: String) throws {
        do {
            _ = try GatewayServeProcess.run("/usr/bin/env", ["python3", "-c", "import \(module)"],
                                            environment: ProcessInfo.processInfo.environment, timeout: 60)
        } catch {
            if ProcessInfo.processInfo.environment["CI"] != nil {
                throw GatewayTestError("the \(module) Python SDK is missing; .ci/run installs it: \(error)")
            }
            throw XCTSkip("the \(module) Python SDK is not installed (pip install \(module); .ci/run pins it)")
        }
    }

    /// `python3 SCRIPT ARGUMENTS...` with `environment` added to this process's; fails on a non-zero exit.
    static func run(_ script: String, _ arguments: [String], environment: [String: String]) throws -> [String: Any] {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(script).path
        let merged = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let output = try GatewayServeProcess.run("/usr/bin/env", ["python3", path] + arguments, environment: merged,
                                                 timeout: 120)
        return try jsonObject(output)
    }

    /// The last assistant message of the first session `history list` shows (the only one in these tests).
    static func storedReply(_ cli: CLIRunner, db: String) throws -> [String: Any] {
        let list = try cli.run(["history", "list", "--json", "--db", db])
        let sessions = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]], list.stderr)
        let id = try XCTUnwrap(sessions.first?["id"] as? String, list.stdout)
        let shown = try jsonObject(try cli.run(["history", "show", id, "--json", "--db", db]).stdout)
        let messages = try XCTUnwrap(shown["messages"] as? [[String: Any]])
        return try XCTUnwrap(messages.last { $0["role"] as? String == "assistant" }, "\(messages)")
    }
}
