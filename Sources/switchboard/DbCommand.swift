import ArgumentParser
import Foundation
import SwitchboardCore
import SwitchboardPostgres
import SwitchboardStore

/// `switchboard db`: moving the history between databases.
struct DbCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Move the history database (SQLite to PostgreSQL).",
        subcommands: [DbMigrateCommand.self]
    )
}

/// `switchboard db migrate --from PATH.sqlite --to postgres://…`: copies a SQLite history into an empty PostgreSQL
/// database and verifies the copy.
struct DbMigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy a SQLite history into an empty PostgreSQL database, then verify counts and totals.",
        discussion: """
            Copies sessions and their messages (branches, picked answers, parts, summaries, route decisions), every \
            attempt with its cost, gateway keys (only their salted hashes, as stored), their tags and `serve`'s \
            conversations. Budgets follow from the attempts' costs: today's, this month's, each session's and each \
            key's spend are the same after the copy. Open budget holds are not copied: stop every Switchboard \
            process using the SQLite file first. The target must be empty (a fresh database; its tables are created \
            here). Then every count and the known cost in total and per key are compared and printed. Exit codes: \
            0 copied and verified; 2 bad arguments, a source that cannot be read or a target that is not empty \
            (nothing is written then); 1 the copy does not match (the differences are printed).
            """
    )

    @Option(help: "The SQLite history to copy from (it is only read).") var from: String
    @Option(help: "The PostgreSQL database to copy into: postgres://user:password@host:port/database (must be empty).")
    var to: String

    func run() async throws {
        guard to.hasPrefix("postgres://") || to.hasPrefix("postgresql://") else {
            throw StoreOptions.usage("--to must be a postgres:// or postgresql:// URL")
        }
        let path = (from as NSString).expandingTildeInPath
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreOptions.usage("--from: there is no database at \(path)")
        }
        let source: SQLiteStore
        do { source = try SQLiteStore(url: URL(fileURLWithPath: path), access: .readOnly) } catch {
            throw StoreOptions.usage("--from: \(error)")
        }
        let target: PostgresStore
        do { target = try await PostgresStore.open(url: to) } catch {
            // PostgresStore's errors name the database without its password.
            throw StoreOptions.usage("--to: \(error)")
        }
        let outcome: DbMigration.Outcome
        do {
            outcome = try await DbMigration(source: source, target: target).run()
        } catch {
            await target.close()
            if let refusal = error as? DbMigration.Refusal { throw StoreOptions.usage(refusal.description(target: target.url)) }
            throw error
        }
        await target.close()
        Console.out(outcome.report(source: path, target: "\(target.url)"))
        if !outcome.matches {
            Console.error("the copy does not match its source: see the rows marked ≠ above")
            throw ExitCode(1)
        }
    }
}
