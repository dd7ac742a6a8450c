import Foundation

/// A fresh PostgreSQL database per test, made on the server `$SWITCHBOARD_TEST_POSTGRES_URL` names (an admin URL
/// whose role may create databases). No PostgreSQL library here: `psql` creates and drops it, so any test target
/// (the command-line tests too) can use it.
public struct PostgresTestDatabase: Sendable {
    public static let variable = "SWITCHBOARD_TEST_POSTGRES_URL"

    /// The database's URL (same server and role as the admin URL).
    public let url: String
    public let name: String
    private let adminURL: String

    public enum Availability: Sendable {
        case available(adminURL: String)
        /// Not configured: tests skip, with this reason, except under CI where they fail.
        case missing(String)
    }

    /// Whether tests can reach a server, from the environment.
    public static func availability(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Availability {
        if let url = environment[variable], !url.isEmpty { return .available(adminURL: url) }
        return .missing("PostgreSQL tests need \(variable)=postgres://user:password@127.0.0.1:5432/postgres "
            + "(a role with CREATEDB; .ci/run starts one)")
    }

    /// True under CI, where a missing server fails the test instead of skipping it.
    public static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] != nil }

    /// Creates `sbtest_<random>` on the admin URL's server.
    public static func create(adminURL: String) throws -> PostgresTestDatabase {
        let name = "sbtest_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        try psql(adminURL, "CREATE DATABASE \(name)")
        guard var components = URLComponents(string: adminURL) else {
            throw PostgresTestDatabaseError(message: "\(variable) is not a URL")
        }
        components.path = "/" + name
        guard let url = components.string else { throw PostgresTestDatabaseError(message: "\(variable) is not a URL") }
        return PostgresTestDatabase(url: url, name: String(name), adminURL: adminURL)
    }

    /// Drops the database, disconnecting whoever is still connected. FORCE refuses when an autovacuum worker (the
    /// server's own role, which a test role may not terminate) is in the database at that moment; a plain DROP
    /// cancels autovacuum itself, so the retries go without it.
    public func drop() throws {
        do {
            try Self.psql(adminURL, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        } catch {
            var lastError = error
            for _ in 0..<5 {
                Thread.sleep(forTimeInterval: 0.2)
                do {
                    try Self.psql(adminURL, "DROP DATABASE IF EXISTS \(name)")
                    return
                } catch {
                    lastError = error
                }
            }
            throw lastError
        }
    }

    /// Runs one SQL command on the database and returns its output (unaligned, tuples only).
    @discardableResult
    public func sql(_ command: String) throws -> String {
        try Self.psql(url, command)
    }

    /// The password travels in the environment, not on the command line.
    @discardableResult
    static func psql(_ url: String, _ command: String) throws -> String {
        guard var components = URLComponents(string: url) else {
            throw PostgresTestDatabaseError(message: "\(variable) is not a URL")
        }
        var environment = ProcessInfo.processInfo.environment
        if let password = components.password { environment["PGPASSWORD"] = password.removingPercentEncoding ?? password }
        components.password = nil
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", components.string ?? url,
                             "-c", command]
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let text = output.fileHandleForReading.readDataToEndOfFile()
        let problem = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PostgresTestDatabaseError(message: "psql failed: " + String(decoding: problem, as: UTF8.self))
        }
        return String(decoding: text, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

public struct PostgresTestDatabaseError: Error, CustomStringConvertible {
    public let message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
