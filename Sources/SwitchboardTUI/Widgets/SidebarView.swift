import Foundation
import SwitchboardCore

/// Money and latency as they happen: session, today and month spend; the model's prices and context use
/// (coloured at 50% and 80%); the turn in flight; per-turn sparklines; what the ledger observed; provider health.
struct SidebarView: Widget {
    var stats: SessionStats
    var budgets: BudgetLimits
    /// Deployments cooling down or being probed now.
    var troubles: [HealthBoard.Trouble]
    var model: String
    var compareCount: Int
    var task: String?
    /// The catalog entry behind `model`, for prices and the context window.
    var entry: PickerEntry?
    /// What the next request sends; an estimate is shown with `~`.
    var context: TokenCount
    /// What the ledger observed for `model`.
    var modelStats: ModelStatsSnapshot?
    var turn: TurnInFlight?
    /// The catalog entry behind the turn's model, for its running cost.
    var turnEntry: PickerEntry?
    /// The latest reply that ended, for "Last turn".
    var lastReply: ReplyMeta?
    var theme: Theme
    /// `serve`'s traffic today (Sidebar+Gateway); nil or empty hides the section.
    var gateway: GatewayActivity? = nil

    func render(in rect: Rect, into buffer: inout ScreenBuffer) {
        guard rect.width >= 12, rect.height >= 1 else { return }
        var rows: [StyledLine] = []
        let label = theme[.muted], value = Style(), heading = theme[.title].with(.bold)
        let width = rect.width - 1

        func section(_ title: String) {
            if !rows.isEmpty { rows.append(.blank) }
            rows.append(StyledLine([StyledRun(" " + title, heading)]))
        }
        func row(_ name: String, _ text: String, _ style: Style = Style()) {
            let shownName = TextWidth.pad(" " + name, to: 12)
            rows.append(StyledLine([StyledRun(shownName, label), StyledRun(TextWidth.truncate(TerminalText.inert(text), to: width - 12), style)]))
        }

        section("Spend")
        row("Session", stats.sessionCostText, value.with(.bold))
        let spend = stats.stored
        row("Today", stats.spendText(spend?.today, incomplete: spend?.incomplete ?? false))
        row("Month", stats.spendText(spend?.month, incomplete: spend?.incomplete ?? false))

        let gauges = budgetGauges()
        if !gauges.isEmpty {
            section("Budget")
            for (name, spent, limit) in gauges {
                let fraction = limit.amount > 0 ? NSDecimalNumber(decimal: spent.amount / limit.amount).doubleValue : 1
                let warn = NSDecimalNumber(decimal: budgets.warnAt).doubleValue
                let role: ThemeRole = fraction >= 1 ? .gaugeHigh : fraction >= warn ? .gaugeMid : .gaugeLow
                row(name, "\(spent)/\(limit)", theme[role])
                rows.append(gauge(min(1, fraction), width: width - 2, style: theme[role]))
            }
        }

        if let gateway, !gateway.isEmpty { gatewayRows(gateway, width: width, section: section, row: row) }

        // Deployments cooling down or being probed come early: they explain a fallback, and short screens cut the end.
        if !troubles.isEmpty {
            section("Health")
            for trouble in troubles {
                let (mark, role): (String, ThemeRole) = trouble.status == .coolingDown ? (" ⏸ ", .error) : (" ◐ ", .warning)
                rows.append(StyledLine([StyledRun(mark, theme[role]),
                                        StyledRun(TextWidth.truncate(TerminalText.inert(trouble.key), to: width - 3))]))
                rows.append(StyledLine([StyledRun("   " + TextWidth.truncate(TerminalText.inert(trouble.label), to: width - 3), theme[role])]))
            }
        }

        section(compareCount == 0 ? "Model" : "Model (comparing \(compareCount))")
        rows.append(StyledLine([StyledRun(" " + TextWidth.truncate(TerminalText.inert(model), to: width - 1), theme[.accent].with(.bold))]))
        if let task { row("Task", task, theme[.accent]) }
        row("$/M in/out", Format.perMillion(entry?.inputPerMillion) + " / " + Format.perMillion(entry?.outputPerMillion))
        let used = (context.isExact ? "" : "~") + Format.count(context.tokens)
        if let window = entry?.contextWindow, window > 0 {
            let fraction = Double(context.tokens) / Double(window)
            let role: ThemeRole = fraction >= 0.8 ? .gaugeHigh : fraction >= 0.5 ? .gaugeMid : .gaugeLow
            row("Context", "\(used)/\(Format.count(window)) \(Format.percent(fraction))", theme[role])
            rows.append(gauge(fraction, width: width - 2, style: theme[role]))
        } else {
            row("Context", "\(used) / ?")
        }
        if let stats = modelStats {
            row("p50 TTFT", Format.duration(stats.p50TTFT) + " (\(stats.requests) req)")
            row("Errors", Format.percent(stats.errorRate), stats.errorRate > 0.2 ? theme[.error] : Style())
        }

        section(turn == nil ? "Last turn" : "This turn")
        drawTurn(row: row)

        section("Per turn")
        let sparkWidth = max(1, width - 12)
        row("Cost", stats.turnCosts.isEmpty ? "–" : Sparkline.render(stats.turnCosts.map { $0.map { NSDecimalNumber(decimal: $0.amount).doubleValue } }, width: sparkWidth), theme[.sparkline])
        row("TTFT", stats.turnTTFTs.isEmpty ? "–" : Sparkline.render(stats.turnTTFTs.map { $0?.seconds }, width: sparkWidth), theme[.sparkline])

        if !stats.providers.isEmpty {
            section("Providers")
            for name in stats.providers.keys.sorted() {
                guard let health = stats.providers[name] else { continue }
                let ok = health.lastError == nil
                let text = ok ? "\(health.successes) ok" + (health.failures > 0 ? ", \(health.failures) failed" : "")
                    : "\(health.lastError ?? "failing") (\(health.failures) failed)"
                rows.append(StyledLine([StyledRun(ok ? " ● " : " ✖ ", ok ? theme[.success] : theme[.error]),
                                        StyledRun(TextWidth.truncate(TerminalText.inert(name + " " + text), to: width - 3))]))
            }
        }

        for (index, line) in rows.prefix(rect.height).enumerated() {
            buffer.put(line, x: rect.x, y: rect.y + index, width: rect.width, base: theme.base)
        }
    }

    private func drawTurn(row: (String, String, Style) -> Void) {
        if let turn {
            let ttft = turn.firstTokenAt.flatMap { first in turn.routedAt.map { first - $0 } }
            row("TTFT", ttft.map { Format.duration($0) } ?? "waiting…", Style())
            var rate: Double?
            if let first = turn.firstTokenAt, let last = turn.lastDeltaAt, last > first {
                rate = Double(turn.outputTokens) / (last - first).seconds
            }
            row("Speed", Format.rate(rate), Style())
            row("Tokens", "~\(Format.count(turn.promptTokens)) → ~\(Format.count(turn.outputTokens))", Style())
            // Priced like the attempt will be: a long prompt takes its tier's rates.
            if let estimate = turnEntry?.price?.cost(of: Usage(input: turn.promptTokens, output: turn.outputTokens)) {
                row("Cost", "~" + estimate.description, theme[.muted])
            } else {
                row("Cost", "unknown", theme[.muted])
            }
            return
        }
        guard let last = lastReply else {
            row("", "no turn yet", theme[.muted])
            return
        }
        row("TTFT", Format.duration(last.ttft), Style())
        row("Speed", Format.rate(last.tokensPerSecond), Style())
        if let usage = last.usage {
            row("Tokens", "\(Format.count(usage.promptTotal)) → \(Format.count(usage.output))", Style())
        }
        row("Cost", last.cost.displayString, Style())
        if CostCheck.differs(computed: last.cost, reported: last.reportedCost), let reported = last.reportedCost {
            row("Billed", reported.description + " !", theme[.warning])
        }
    }

    /// Limits that are set, with what is spent against each (known costs; this run's included).
    private func budgetGauges() -> [(String, Money, Money)] {
        var result: [(String, Money, Money)] = []
        if let limit = budgets.session { result.append(("Session", stats.cost, limit)) }
        if let limit = budgets.daily, let today = stats.stored?.today {
            result.append(("Day", today + stats.sinceSnapshot, limit))
        }
        if let limit = budgets.monthly, let month = stats.stored?.month {
            result.append(("Month", month + stats.sinceSnapshot, limit))
        }
        return result
    }

    private func gauge(_ fraction: Double, width: Int, style: Style) -> StyledLine {
        let filled = min(width, max(0, Int((fraction * Double(width)).rounded())))
        return StyledLine([StyledRun(" "), StyledRun(String(repeating: "█", count: filled), style),
                           StyledRun(String(repeating: "░", count: width - filled), theme[.muted])])
    }
}

/// The sidebar folded into one line, for screens under 70 columns.
struct SummaryLine: Widget {
    var stats: SessionStats
    var contextWindow: Int?
    var context: TokenCount
    var turn: TurnInFlight?
    var theme: Theme

    func render(in rect: Rect, into buffer: inout ScreenBuffer) {
        guard !rect.isEmpty else { return }
        let style = theme[.muted].over(theme.base)
        var parts = ["Σ " + stats.sessionCostText]
        parts.append("today " + stats.spendText(stats.stored?.today, incomplete: stats.stored?.incomplete ?? false))
        if let window = contextWindow, window > 0 {
            parts.append("ctx " + (context.isExact ? "" : "~") + Format.percent(Double(context.tokens) / Double(window)))
        }
        if let turn, let first = turn.firstTokenAt, let routed = turn.routedAt {
            parts.append("TTFT " + Format.duration(first - routed))
        }
        buffer.put(" " + parts.joined(separator: " · "), x: rect.x, y: rect.y, style: style, limit: rect.maxX)
    }
}
