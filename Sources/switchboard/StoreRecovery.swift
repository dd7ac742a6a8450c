import Foundation
import SwitchboardCore
import SwitchboardStore

/// What a writing command (`ask`, `compare`, the workbench) does first with the history database: closes what
/// processes that were killed mid-turn left open. Their attempts in flight become `interrupted` (counted in
/// `spend` and `stats`, cost unknown) and their budget holds stop counting. Read-only commands never call this.
enum StoreRecovery {
    /// Sweeps, and says on stderr what was found (one line) or why the sweep failed. The command goes on unless
    /// the file is damaged (then it stops, exit 7, as `history` does): its own writes report their own failures.
    static func run(_ store: any InterruptedRecovery) async throws {
        do {
            let work = try await store.recoverInterrupted()
            guard !work.isEmpty else { return }
            Console.note(describe(work))
        } catch let error as StoreError where StoreOptions.exitCode(for: error) == StoreOptions.damagedExitCode {
            throw StoreOptions.failure(error)
        } catch {
            Console.error("could not close the turns of processes that ended: \(error)")
        }
    }

    /// "closed what process 4242 left when it ended: 1 attempt marked interrupted, 1 budget hold released"
    static func describe(_ work: InterruptedWork) -> String {
        var parts: [String] = []
        if work.attempts > 0 { parts.append("\(work.attempts) attempt\(work.attempts == 1 ? "" : "s") marked interrupted") }
        if work.holds > 0 { parts.append("\(work.holds) budget hold\(work.holds == 1 ? "" : "s") released") }
        let pids = work.pids.map(String.init).joined(separator: ", ")
        let who = work.pids.isEmpty ? "processes" : "process\(work.pids.count == 1 ? "" : "es") \(pids)"
        return "closed what \(who) left when \(work.pids.count == 1 ? "it" : "they") ended: " + parts.joined(separator: ", ")
    }
}
