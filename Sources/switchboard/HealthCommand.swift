import ArgumentParser
import Foundation
import SwitchboardCore
import SwitchboardStore

/// `switchboard health`: each deployment's state, rebuilt from the attempts the ledger recorded recently.
struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Show provider health: recent error share, cooldowns and probes, from the ledger."
    )

    @OptionGroup var store: StoreOptions

    @Flag(help: "Print a JSON array.")
    var json = false

    func run() async throws {
        let context: AppContext
        do { context = try AppContext.load() } catch { throw CLIError.usage("\(error)") }
        // The engine is made while the store is open: it reads the ledger (and, on PostgreSQL, the shared cooldowns).
        let snapshots = try await store.read { database in await (try await context.makeEngine(store: database)).healthSnapshot() }
        await context.shutdown()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            Console.out(String(decoding: try encoder.encode(snapshots), as: UTF8.self) + "\n")
            return
        }
        guard !snapshots.isEmpty else {
            Console.out("no attempts in the last \(context.configuration.routing.health.seedLookback.formattedSeconds): every deployment counts as healthy\n")
            return
        }
        let rows = snapshots.map { snapshot in
            [snapshot.key, snapshot.status.rawValue.replacingOccurrences(of: "_", with: " "), "\(snapshot.samples)",
             snapshot.errorShare.map { String(format: "%.0f%%", $0 * 100) } ?? "–", "\(snapshot.consecutiveFailures)",
             snapshot.cooldownRemaining?.formattedSeconds ?? "–", snapshot.lastFailure?.rawValue ?? "–"]
        }
        Console.out(ReportTable.leftAligned(header: ["DEPLOYMENT", "STATE", "SAMPLES", "ERRORS", "IN A ROW", "COOLDOWN", "LAST FAILURE"],
                                            rows: rows))
    }
}
