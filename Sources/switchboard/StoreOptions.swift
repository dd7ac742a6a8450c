import ArgumentParser
import Foundation
import SwitchboardConfig
import SwitchboardCore
import SwitchboardPostgres
import SwitchboardStore

/// `--db PATH|URL`, shared by every command that reads the history database, and the one way they report errors.
/// Commands hold the database only through Core's ports (`HistoryDatabase`); `HistoryDatabaseFile` is the one
/// place that knows whether it is SQLite or PostgreSQL.
struct StoreOptions: ParsableArguments {
    @Option(help: "The history database: a SQLite file, or postgres://user:password@host/db to share one with other machines (default: $SWITCHBOARD_DB, else $XDG_DATA_HOME/switchboard/switchboard.sqlite).")
    var db: String?

    /// Opens the store read-only and runs `body`: for commands that only read (list, show, search, export, spend,
    /// stats, health). Nothing is created or written; a missing database reads as an empty history.
    func read<T>(_ body: (any HistoryDatabase) async throws -> T) async throws -> T {
        try await opened(readOnly: true, body)
    }

    /// Opens the store for writing (creating and migrating it when needed) and runs `body`.
    func writing<T>(_ body: (any HistoryDatabase) async throws -> T) async throws -> T {
        try await opened(readOnly: false, body)
    }

    /// Any store, database or usage error is printed on one line; exits 7 for a damaged database, else 2.
    private func opened<T>(readOnly: Bool, _ body: (any HistoryDatabase) async throws -> T) async throws -> T {
        do {
            let store = try await HistoryDatabaseFile.open(explicit: db, environment: ProcessInfo.processInfo.environment,
                                                           readOnly: readOnly)
            do {
                let result = try await body(store)
                await HistoryDatabaseFile.close(store)
                return result
            } catch {
                await HistoryDatabaseFile.close(store)
                throw error
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            throw Self.failure(error)
        }
    }

    /// A damaged database: the command stopped and wrote nothing more (README: recovering a damaged database).
    static let damagedExitCode: Int32 = 7

    /// Opens the database for a writing command (`ask`, `compare`, the workbench): the same errors and exit codes
    /// as `history`. A file that cannot be opened is never replaced.
    static func openForWriting(explicit db: String?, environment: [String: String]) async throws -> any HistoryDatabase {
        do { return try await HistoryDatabaseFile.open(explicit: db, environment: environment, readOnly: false) } catch {
            throw failure(error)
        }
    }

    /// Prints a store error on one line and returns the exit that goes with it.
    static func failure(_ error: Error) -> ExitCode {
        Console.error("\(error)")
        return ExitCode(exitCode(for: error))
    }

    static func exitCode(for error: Error) -> Int32 {
        if case .corrupt? = error as? StoreError { return damagedExitCode }
        return 2
    }

    /// Prints and exits 2, like a store error.
    static func usage(_ message: String) -> Error {
        Console.error(message)
        return ExitCode(2)
    }
}

/// The history database: the one place the command line names the SQLite and PostgreSQL stores.
enum HistoryDatabaseFile {
    /// Opens what `--db`, `$SWITCHBOARD_DB`, the config's `database_url` or the default location names: a
    /// `postgres://` or `postgresql://` URL opens the shared PostgreSQL store (migrated when needed, by whichever
    /// instance comes first), anything else the SQLite file. Read-only never creates or writes a SQLite file;
    /// read-write creates and migrates it, and never replaces a file it cannot open. Errors never show a URL's
    /// password.
    static func open(explicit db: String?, environment: [String: String], readOnly: Bool) async throws -> any HistoryDatabase {
        let named = try location(explicit: db, environment: environment)
        if let url = named.flatMap({ PostgresURL.isPostgres($0) ? $0 : nil }) {
            let lifetime = holdLifetime(environment)
            return try await PostgresStore.open(url: url, holdLifetime: lifetime, renewEvery: lifetime / 3)
        }
        return try SQLiteStore(url: StoreLocation.resolve(explicit: named, environment: environment),
                               access: readOnly ? .readOnly : .readWrite)
    }

    /// What names the database, first found: `--db`, `$SWITCHBOARD_DB`, `database_url` in config.toml; nil for the
    /// default file. The config is read only when the first two say nothing (a broken one is reported as such).
    static func location(explicit db: String?, environment: [String: String]) throws -> String? {
        if let named = db.flatMap({ $0.isEmpty ? nil : $0 }) ?? environment["SWITCHBOARD_DB"].flatMap({ $0.isEmpty ? nil : $0 }) {
            return named
        }
        return try ConfigLoader.load(environment: environment).databaseURL
    }

    /// How long a PostgreSQL budget hold outlives an instance that stopped renewing it (killed, cut off):
    /// `$SWITCHBOARD_POSTGRES_HOLD_SECONDS` (at least 1), else 30 s. Renewed every third of it.
    static func holdLifetime(_ environment: [String: String]) -> Duration {
        guard let text = environment["SWITCHBOARD_POSTGRES_HOLD_SECONDS"], let seconds = Int(text), seconds >= 1 else {
            return PostgresStore.defaultHoldLifetime
        }
        return .seconds(seconds)
    }

    /// Disconnects a PostgreSQL store (a SQLite store closes with its last reference).
    static func close(_ database: any HistoryDatabase) async {
        if let postgres = database as? PostgresStore { await postgres.close() }
    }

    /// The damage SQLite reported while this process used `database` (the store then wrote nothing more), if any.
    static func damageFound(in database: any HistoryDatabase) -> StoreError? {
        (database as? SQLiteStore)?.damageFound
    }

    /// The archive format is the store's: checked without a database.
    static func checkArchive(_ data: Data) throws {
        try SQLiteStore.checkArchive(data)
    }
}
