import Foundation
import SwitchboardCore

/// Prints an `ask` turn: answer text to stdout as it arrives, notices and the summary line to stderr, or one
/// JSON object at the end with `--json`. Answer text is made inert (no escape sequence or control reaches the
/// terminal, whether stdout is one or a pipe into `less -R`) unless `raw` asks for the model's exact bytes.
/// Tool calls the reply made are printed after its text, one line each (`ask` never runs them).
struct AskPrinter: Sendable {
    var json: Bool
    var raw = false
    /// The prices attempts were billed at, for `--json`'s `cost_split`.
    var pricing: AskJSON.Pricing?

    func handle(_ event: EngineEvent) {
        switch event {
        case .delta(let text):
            guard !json else { return }
            Console.out(raw ? text : TerminalText.inert(text))
        case .attemptFailed(let record, let error):
            Console.note("\(record.model) via \(record.provider) failed: \(error)")
        case .retrying(let route, let wait, _):
            Console.note("retrying \(route.model) via \(route.provider) in \(wait.formattedSeconds)")
        case .fallback(_, let to, _):
            Console.note("falling back to \(to.model) via \(to.provider) (\(to.reason))")
        case .finished(let summary):
            if json {
                Console.out(AskJSON.render(summary, pricing: pricing))
                return
            }
            if !summary.text.hasSuffix("\n"), !(summary.text.isEmpty && !summary.toolCalls.isEmpty) { Console.out("\n") }
            for call in summary.toolCalls { Console.out(toolCallLine(call)) }
            if let error = summary.error {
                Console.note("incomplete answer: \(error)")
            } else if summary.cancelled, Console.outputFailure == nil {
                Console.note("cancelled: the answer above is incomplete")
            }
            Console.note(Self.summaryLine(summary))
        case .failed(let failure):
            if json { Console.out(AskJSON.render(failure, pricing: pricing)) }
            Console.error(failure.summary)
        case .notice(let text):
            Console.note(text)
        // Tool calls are printed whole from the summary, once the answer ends.
        case .routed, .usage, .planned, .reasoning, .reasoningSeal, .toolCall:
            break
        }
    }

    /// "tool call get_weather (call_1): {"city":"Paris"}": the name and the arguments as the model wrote them.
    func toolCallLine(_ call: ToolCall) -> String {
        let line = "tool call \(call.name) (\(call.id)): \(call.arguments.isEmpty ? "{}" : call.arguments)"
        return (raw ? line : TerminalText.inert(line)) + "\n"
    }

    /// "demo/mini via demo (simulated) · 21 in / 143 out tokens · $0.000089 · TTFT 151 ms · 1.04 s · 160 tok/s"
    static func summaryLine(_ summary: TurnSummary) -> String {
        var parts = ["\(summary.route.model) via \(summary.route.provider)" + (summary.route.simulated ? " (simulated)" : "")]
        let estimate = summary.usageIsEstimate ? "~" : ""
        parts.append("\(estimate)\(summary.usage.promptTotal) in / \(estimate)\(summary.usage.output) out tokens")
        var cost = summary.cost.displayString
        if let reported = summary.reportedCost { cost += " (provider says \(reported))" }
        parts.append(cost)
        parts.append("TTFT " + (summary.ttft.map { "\($0.milliseconds) ms" } ?? "–"))
        parts.append(summary.duration.formattedSeconds)
        if let rate = summary.tokensPerSecond { parts.append(String(format: "%.0f tok/s", rate)) }
        if summary.attempts.count > 1 { parts.append("\(summary.attempts.count) attempts") }
        if !summary.seams.isEmpty { parts.append("continued by another model at \(summary.seams.map(String.init).joined(separator: ", "))") }
        return parts.joined(separator: " · ")
    }
}
