import Foundation
import Logging
import PostgresNIO
import SwitchboardCore

/// The store on a PostgreSQL database that several instances (gateways on several machines, `ask`, the
/// workbench) share. Each port is an extension in its own file; this file opens, migrates, heartbeats and closes.
///
/// Every open store is an instance with a heartbeat row that it renews, together with the expiry of its budget
/// holds, every `renewEvery`; an instance whose heartbeat and holds have expired (killed, cut off) is gone: any
/// other instance releases its holds and marks its attempts in flight interrupted.
public final class PostgresStore: Sendable {
    /// This store's instance: the owner of its holds and attempts in flight.
    public let instance: UUID
    /// Where it is connected (its description hides the password).
    public let url: PostgresURL
    /// How long a hold and this instance's heartbeat last without renewal.
    public let holdLifetime: Duration
    let client: PostgresClient
    let logger: Logger
    /// The holds taken and not settled, which the heartbeat renews.
    let openHolds: OpenHolds
    private let running: Task<Void, Never>
    private let renewal: Task<Void, Never>

    /// The holds' default lifetime and how often an instance renews them: a killed instance's holds stop counting
    /// within 30 s, and two renewals can fail before a running instance looks gone.
    public static let defaultHoldLifetime: Duration = .seconds(30)
    public static let defaultRenewal: Duration = .seconds(10)

    private init(url: PostgresURL, instance: UUID, client: PostgresClient, running: Task<Void, Never>, logger: Logger,
                 holdLifetime: Duration, renewEvery: Duration) {
        self.url = url
        self.instance = instance
        self.client = client
        self.running = running
        self.logger = logger
        self.holdLifetime = holdLifetime
        let openHolds = OpenHolds()
        self.openHolds = openHolds
        self.renewal = Task { [client, logger] in
            while !Task.isCancelled {
                do {
                    try await Task.sleep(for: renewEvery)
                    try await Self.renew(instance, holds: openHolds.all, lifetime: holdLifetime, client: client,
                                         logger: logger)
                    // Whoever runs cleans up after those that stopped: holds stop counting, attempts read as
                    // interrupted, without waiting for the next instance to start.
                    _ = try await Self.recoverInterrupted(client, logger: logger)
                    // And folds the report rollups' pending changes: a report then sums few of them.
                    try await Self.foldRollups(client, logger: logger)
                } catch is CancellationError {
                    return
                } catch {
                    logger.warning("could not renew this instance's budget holds",
                                   metadata: ["error": "\(PostgresStoreError.wrap(error, doing: "renew holds"))"])
                }
            }
        }
    }

    /// Connects, migrates (once, whoever else starts at the same time: under an advisory lock) and registers
    /// this instance. Nothing is left running when it throws.
    public static func open(url: String, instance: UUID = UUID(), logger: Logger? = nil) async throws -> PostgresStore {
        try await open(url: url, instance: instance, logger: logger, holdLifetime: defaultHoldLifetime,
                       renewEvery: defaultRenewal)
    }

    /// The same with the holds' lifetime and renewal period chosen (tests shorten them).
    public static func open(url text: String, instance: UUID = UUID(), logger: Logger? = nil, holdLifetime: Duration,
                            renewEvery: Duration) async throws -> PostgresStore {
        let url = try PostgresURL(text)
        let logger = logger ?? Logger(label: "switchboard.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
        do {
            try await probe(url, logger: logger)
        } catch {
            throw PostgresStoreError.wrap(error, doing: "connect to \(url)")
        }
        let client = PostgresClient(configuration: configuration(url), backgroundLogger: logger)
        let running = Task { await client.run() }
        do {
            try await withConnectTimeout(url) {
                try await PostgresSchema.migrate(client, logger: logger)
                try await renew(instance, holds: [], lifetime: holdLifetime, client: client, logger: logger)
            }
        } catch {
            running.cancel()
            await running.value
            throw PostgresStoreError.wrap(error, doing: "open \(url)")
        }
        return PostgresStore(url: url, instance: instance, client: client, running: running, logger: logger,
                             holdLifetime: holdLifetime, renewEvery: renewEvery)
    }

    /// Stops renewing, removes this instance's heartbeat and disconnects. Open holds are left as a killed
    /// instance leaves them (they expire, and another instance releases them); attempts still in flight read as
    /// an ended instance's at once. Without this, every command run would leave a heartbeat row behind.
    public func close() async {
        renewal.cancel()
        await renewal.value
        do {
            try await client.query("DELETE FROM store_instances WHERE id = \(instance)", logger: logger)
        } catch {
            logger.warning("could not remove this instance's heartbeat (it expires by itself)",
                           metadata: ["error": "\(PostgresStoreError.wrap(error, doing: "close"))"])
        }
        running.cancel()
        await running.value
    }

    // MARK: - Access for the extensions

    /// Runs one statement outside a transaction.
    @discardableResult
    func query(_ query: PostgresQuery, doing: String) async throws -> PostgresRowSequence {
        do {
            return try await client.query(query, logger: logger)
        } catch {
            throw PostgresStoreError.wrap(error, doing: doing)
        }
    }

    /// Runs `body` in a transaction (BEGIN/COMMIT; ROLLBACK when it throws). Errors say what was being done.
    func transaction<T: Sendable>(doing: String = "write", _ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch {
            throw PostgresStoreError.wrap(error, doing: doing)
        }
    }

    /// A write that must happen even when the turn that asks for it was cancelled (an attempt's end, a settle):
    /// run in a task of its own, which the caller's cancellation does not reach.
    func evenIfCancelled<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await Task { try await body() }.value
    }

    // MARK: - Opening

    private static func configuration(_ url: PostgresURL) -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS = switch url.tls {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(host: url.host, port: url.port, username: url.user,
                                                         password: url.password, database: url.database, tls: tls)
        configuration.options.connectTimeout = .seconds(10)
        configuration.options.maximumConnections = 10
        return configuration
    }

    /// One connection made directly: the pool would retry a wrong password or a missing database until the
    /// timeout, this fails at once with the server's own words.
    private static func probe(_ url: PostgresURL, logger: Logger) async throws {
        let tls: PostgresConnection.Configuration.TLS = switch url.tls {
        case .disable: .disable
        case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        var configuration = PostgresConnection.Configuration(host: url.host, port: url.port, username: url.user,
                                                             password: url.password, database: url.database, tls: tls)
        configuration.options.connectTimeout = .seconds(10)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
        try await connection.close()
    }

    /// The pool retries a refused connection without end; opening gives up after a while and says where.
    private static func withConnectTimeout(_ url: PostgresURL, _ body: @escaping @Sendable () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask { try await body(); return true }
            group.addTask { try await Task.sleep(for: .seconds(20)); return false }
            defer { group.cancelAll() }
            guard let finished = try await group.next(), finished else {
                throw PostgresStoreError.database(doing: "open \(url)", message: "no answer within 20 s")
            }
        }
    }

    /// Renews this instance's heartbeat and the expiry of its open `holds`; registers the instance when it is not
    /// (yet, or no longer) known.
    static func renew(_ instance: UUID, holds: [Int64], lifetime: Duration, client: PostgresClient,
                      logger: Logger) async throws {
        let millis = Int64(lifetime.components.seconds) * 1000 + lifetime.components.attoseconds / 1_000_000_000_000_000
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("""
                INSERT INTO store_instances (id, started_at, renewed_at, expires_at)
                VALUES (\(instance), now(), now(), now() + \(millis) * interval '1 millisecond')
                ON CONFLICT (id) DO UPDATE SET renewed_at = EXCLUDED.renewed_at, expires_at = EXCLUDED.expires_at
                """, logger: logger)
            try await connection.query("""
                UPDATE budget_holds SET expires_at = now() + \(millis) * interval '1 millisecond'
                WHERE instance = \(instance) AND id = ANY(\(holds))
                """, logger: logger)
        }
    }

    /// The holds' lifetime in milliseconds, for SQL.
    var holdLifetimeMillis: Int64 {
        Int64(holdLifetime.components.seconds) * 1000 + holdLifetime.components.attoseconds / 1_000_000_000_000_000
    }
}

extension PostgresStore {
    /// Applies the schema steps not yet recorded (opening already did) and returns their names: none when the
    /// database is up to date.
    @discardableResult
    public func migrate() async throws -> [String] {
        do { return try await PostgresSchema.migrate(client, logger: logger) } catch {
            throw PostgresStoreError.wrap(error, doing: "migrate \(url)")
        }
    }

    /// The schema steps recorded in the database, in the order they were applied.
    public func appliedMigrations() async throws -> [String] {
        do { return try await PostgresSchema.applied(client, logger: logger) } catch {
            throw PostgresStoreError.wrap(error, doing: "read the migrations of \(url)")
        }
    }

    /// The schema steps this build knows, in order (a step with no statements yet is left out).
    public static var knownMigrations: [String] {
        PostgresSchema.migrations.filter { !$0.statements.isEmpty }.map(\.name)
    }
}
