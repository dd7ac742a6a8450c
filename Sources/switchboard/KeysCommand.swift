import ArgumentParser
import Foundation
import SwitchboardCore

/// `switchboard keys`: the virtual keys `serve` lets in, each with its own caps, models and request rate.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create, list and revoke the virtual keys `switchboard serve` accepts.",
        discussion: """
            A key is shown once, when it is created; the database keeps only a salted SHA-256 of it. Clients send \
            it as `Authorization: Bearer sb-…` or `x-api-key: sb-…`. A key's daily and monthly caps are held like \
            the [budget] limits, in the same database, so they hold across every process at once. Exit codes: 2 \
            for bad input (a taken or unusable name, a bad amount or pattern, an unknown key), 7 for a damaged \
            database.
            """,
        subcommands: [KeysCreateCommand.self, KeysListCommand.self, KeysRevokeCommand.self],
        defaultSubcommand: KeysListCommand.self
    )
}

/// `switchboard keys revoke NAME`: the key stops working at once; its name and spend stay.
struct KeysRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke a key: serve refuses it from now on (401). Its name stays taken and its spend stays."
    )

    @OptionGroup var store: StoreOptions
    @Argument(help: "The key's name.") var name: String

    func run() async throws {
        let now = Date()
        let key = try await store.writing { database in
            do { return try await database.revokeGatewayKey(named: name, at: now) } catch let error as GatewayKeyError {
                throw StoreOptions.usage("\(error)")
            }
        }
        // Revoked by this call: the store kept `now` (to the millisecond); an earlier revocation keeps its own time.
        let revokedAt = key.revokedAt ?? now
        if now.timeIntervalSince(revokedAt) > 0.001 {
            Console.note("key '\(key.name)' (\(key.prefix)…) was already revoked on \(HistoryFormat.time(revokedAt))")
        } else {
            Console.out("revoked key '\(key.name)' (\(key.prefix)…)\n")
        }
    }
}
