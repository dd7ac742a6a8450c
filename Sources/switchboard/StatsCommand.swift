import ArgumentParser
import Foundation
import SwitchboardCore
import SwitchboardStore

/// `switchboard stats`: how each model behaved on each provider, from the attempts ledger.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Requests, error rate by class, TTFT and duration percentiles, and output speed per model and provider.",
        discussion: "TTFT counts attempts that got a first token; duration and speed count successful attempts."
    )

    @OptionGroup var store: StoreOptions
    @Option(help: "Only attempts since: \(ReportWindow.help).") var since: String?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let start = try since.map { text -> Date in
            guard let date = ReportWindow.start(text) else { throw StoreOptions.usage("--since: expected \(ReportWindow.help), got '\(text)'") }
            return date
        }
        let stats = try await store.read { try await $0.modelStatsReport(since: start) }
        if json { return Console.out(String(decoding: try StoreJSON.stats(stats), as: UTF8.self)) }
        guard !stats.isEmpty else { return Console.note("no attempts recorded yet") }
        var table = ReportTable([("MODEL", .left), ("PROVIDER", .left), ("REQS", .right), ("ERRORS", .left),
                               ("TTFT p50/p95", .right), ("DURATION p50/p95", .right), ("OUT tok/s", .right)])
        for entry in stats {
            table.add([entry.model, entry.provider, "\(entry.requests)", Self.errors(entry),
                       Self.pair(entry.ttftP50, entry.ttftP95), Self.pair(entry.durationP50, entry.durationP95),
                       entry.outputTokensPerSecond.map { String(format: "%.0f", $0) } ?? "–"])
        }
        Console.out(table.render())
    }

    /// "0%", or "12% (rate_limited 2, timeout 1)".
    static func errors(_ entry: ModelStats) -> String {
        let percent = String(format: "%.0f%%", entry.errorRate * 100)
        guard !entry.errors.isEmpty else { return percent }
        let classes = entry.errors.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) \($0.value)" }
        return percent + " (" + classes.joined(separator: ", ") + ")"
    }

    static func pair(_ p50: Int64?, _ p95: Int64?) -> String {
        guard let p50, let p95 else { return "–" }
        return "\(HistoryFormat.milliseconds(p50)) / \(HistoryFormat.milliseconds(p95))"
    }
}
