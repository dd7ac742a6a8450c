import Foundation
import SwitchboardCore

/// What `db migrate` does, through the ports: keys first (turns point at them), then each session's archive,
/// the attempts no session holds, what no archive carries (routes, keys and tags of turns, `serve`'s
/// conversations), and last a count of both sides.
struct DbMigration {
    typealias Source = SessionTransfer & AttemptHistory & GatewayKeyStore & HistoryCopySource
    typealias Target = SessionTransfer & AttemptHistory & Ledger & HistoryCopyTarget

    let source: any Source
    let target: any Target

    /// The target holds something already: nothing was written.
    struct Refusal: Error {
        var found: [(kind: String, count: Int)]

        func description(target: some CustomStringConvertible) -> String {
            let what = found.map { "\($0.count) \($0.kind)" }.joined(separator: ", ")
            return "\(target) is not empty (it holds \(what)); db migrate copies into an empty database only"
        }
    }

    struct Outcome {
        var source: HistoryCounts
        var target: HistoryCounts

        /// Every count but open holds (not copied) and every total agree.
        var matches: Bool {
            HistoryCounts.kinds.filter { $0 != "open budget holds" }.allSatisfy { source.rows[$0] == target.rows[$0] }
                && source.attemptCost == target.attemptCost && source.costByKey == target.costByKey
        }

        func report(source path: String, target url: String) -> String {
            var lines = ["copied \(path) to \(url)", ""]
            let width = (HistoryCounts.kinds + source.costByKey.keys.map { "cost of key \($0)" }).map(\.count).max() ?? 0
            func line(_ name: String, _ left: String, _ right: String, note: String = "") {
                let mark = left == right ? "=" : "≠"
                lines.append("  " + name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + left + " " + mark + " " + right + note)
            }
            for kind in HistoryCounts.kinds {
                let note = kind == "open budget holds" ? "  (not copied: they end with the processes that took them)" : ""
                if kind == "open budget holds", source.rows[kind] ?? 0 == 0 { continue }
                line(kind, String(source.rows[kind] ?? 0), String(target.rows[kind] ?? 0), note: note)
            }
            line("cost of attempts", "$" + source.attemptCost.decimalString, "$" + target.attemptCost.decimalString)
            for name in Set(source.costByKey.keys).union(target.costByKey.keys).sorted() {
                line("cost of key \(name)", "$" + (source.costByKey[name] ?? .zero).decimalString,
                     "$" + (target.costByKey[name] ?? .zero).decimalString)
            }
            lines.append("")
            lines.append(matches ? "verified: every count and total matches" : "NOT verified: some counts or totals differ")
            return lines.joined(separator: "\n") + "\n"
        }
    }

    func run() async throws -> Outcome {
        let before = try await target.historyCounts()
        let found = before.nonEmpty
        guard found.isEmpty else { throw Refusal(found: found) }
        let counted = try await source.historyCounts()
        for usage in try await source.gatewayKeys() {
            let candidates = try await source.gatewayKeyCandidates(prefix: usage.key.prefix)
            guard let stored = candidates.first(where: { $0.key.id == usage.key.id })?.stored else { continue }
            try await target.restoreGatewayKey(usage.key, stored: stored)
        }
        for id in try await source.allSessionIDs() {
            _ = try await target.importArchive(try await source.exportArchive(id.uuidString.lowercased()))
        }
        // Attempts no session holds (a deleted session's, a summary's): through the ledger, so they count too.
        struct Place: Hashable { var turn: UUID; var ordinal: Int }
        let copied = Set(try await target.recentAttempts(since: .distantPast).map { Place(turn: $0.turnID, ordinal: $0.ordinal) })
        for attempt in try await source.recentAttempts(since: .distantPast)
        where !copied.contains(Place(turn: attempt.turnID, ordinal: attempt.ordinal)) {
            try await target.record(attempt)
        }
        try await target.restoreTurnExtras(try await source.turnExtras())
        try await target.restoreGatewaySessions(try await source.gatewaySessionEntries())
        return Outcome(source: counted, target: try await target.historyCounts())
    }
}
