import ArgumentParser
import Foundation
import SwitchboardCore
import SwitchboardStore

/// `switchboard spend`: what was spent, from every attempt in the ledger (billed failures included).
struct SpendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spend",
        abstract: "Show spend by model, provider, day, session, gateway key or tag.",
        discussion: """
            Costs are computed from catalog prices; where a price is unknown the cost is shown as unknown and \
            counted apart, never as zero. The provider-reported cost (OpenRouter) is shown beside it. \
            --by key groups `serve` requests by the virtual key they were made with ("(no key)": everything else); \
            --by tag by their tags (X-Switchboard-Tag or metadata): a request with several tags counts under each \
            of them and once in the total.
            """
    )

    @OptionGroup var store: StoreOptions
    @Option(help: "Group by model, provider, day, session, key or tag.") var by = "model"
    @Option(help: "Only attempts since: \(ReportWindow.help).") var since: String?
    @Flag(help: "Print JSON rows: key, requests, cost, unknown_cost_requests, cost_reported, tokens.") var json = false

    func run() async throws {
        guard let grouping = SpendReport.Grouping(rawValue: by.lowercased()) else {
            throw StoreOptions.usage("--by must be one of model, provider, day, session, key, tag; not '\(by)'")
        }
        let start = try since.map { text -> Date in
            guard let date = ReportWindow.start(text) else { throw StoreOptions.usage("--since: expected \(ReportWindow.help), got '\(text)'") }
            return date
        }
        let report = try await store.read { try await $0.spendReport(by: grouping, since: start, calendar: .current) }
        if json { return Console.out(String(decoding: try StoreJSON.spend(report), as: UTF8.self)) }
        guard !report.rows.isEmpty else {
            return Console.note(start == nil ? "nothing spent yet" : "nothing spent since \(HistoryFormat.time(start ?? Date()))")
        }
        var table = ReportTable([(grouping.rawValue.uppercased(), .left), ("REQUESTS", .right), ("COST", .right),
                               ("REPORTED", .right), ("IN", .right), ("OUT", .right)])
        for row in report.rows + [report.total] {
            var key = row.key
            if grouping == .session, row.key != "total", row.key != "(deleted)" {
                key = String(row.key.prefix(8)) + (row.label.map { " " + ReportTable.truncate($0, width: 40) } ?? "")
            }
            // `!`: the provider billed a different amount than the catalog's prices give (CostCheck).
            let reported = (row.reportedCost.map(\.description) ?? "–") + (row.costMismatches > 0 ? " !" : "")
            table.add([key, "\(row.requests)", row.cost.displayString, reported,
                       "\(row.usage.promptTotal)", "\(row.usage.output)"])
        }
        Console.out(table.render())
        if report.total.costMismatches > 0 {
            Console.note("! on \(report.total.costMismatches) request(s) the provider reported a cost that differs from the "
                         + "computed one: both are kept; the catalog's price may be out of date (switchboard models import)")
        }
        if let start { Console.note("since \(HistoryFormat.time(start))") }
        try await printBudgets()
    }

    /// The configured budgets against today's, this month's spend (open holds included).
    private func printBudgets() async throws {
        let limits: BudgetLimits
        do { limits = try AppContext.load().configuration.routing.budget } catch { throw CLIError.usage("\(error)") }
        guard limits.daily != nil || limits.monthly != nil else { return }
        let spend = try await store.read { try await $0.currentBudgetSpend(session: nil) }
        var table = ReportTable([("BUDGET", .left), ("SPENT", .right), ("LIMIT", .right), ("USED", .right)])
        for (name, spent, limit) in [("daily", spend.today, limits.daily), ("monthly", spend.thisMonth, limits.monthly)] {
            guard let limit, limit.amount > 0 else { continue }
            let share = NSDecimalNumber(decimal: spent.amount / limit.amount * 100).doubleValue
            table.add([name, spent.description, limit.description, String(format: "%.0f%%", share)])
        }
        Console.out("\n" + table.render())
    }
}
