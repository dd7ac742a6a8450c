import Foundation
import SwitchboardCore

/// Prints a tool loop for `ask --mcp`: answer text to stdout as it streams, and on stderr each call (ran, refused
/// or failed), each step's summary line, and why the loop stopped when it did not end with an answer. With
/// `--json` only the notes go to stderr; the object is printed at the end.
struct AskMCPPrinter: Sendable {
    var json: Bool
    var raw: Bool

    func handle(_ event: ToolLoopEvent) {
        switch event {
        case .engine(_, let engineEvent):
            handle(engineEvent)
        case .decided(let step, let call, .refuse(let reason)?):
            Console.note("step \(step): \(call.name) refused" + (reason.map { ": \($0)" } ?? ""))
        case .decided:
            break
        case .result(let step, let record):
            guard record.ran || record.decision == nil else { return }
            let server = record.server.map { " (\($0))" } ?? ""
            let took = record.duration.map { " in \($0.formattedSeconds)" } ?? ""
            let head = "step \(step): \(record.call.name)\(server) \(record.ran ? "ran\(took)" : "not run")"
            let firstLine = record.result.text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            let shown = TerminalText.inert(String(firstLine.prefix(200)))
            Console.note(record.result.isError ? "\(head): error: \(shown)" : head)
        case .stopped(let stop):
            switch stop {
            case .maxSteps, .spendingCap: Console.error(stop.description)
            case .answered, .failed, .incomplete, .cancelled: break
            }
        }
    }

    private func handle(_ event: EngineEvent) {
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
            if !json, !summary.text.isEmpty, !summary.text.hasSuffix("\n") { Console.out("\n") }
            if let error = summary.error {
                Console.note("incomplete answer: \(error)")
            } else if summary.cancelled, Console.outputFailure == nil {
                Console.note("cancelled: the answer above is incomplete")
            }
            Console.note(AskPrinter.summaryLine(summary))
        case .failed(let failure):
            Console.error(failure.summary)
        case .notice(let text):
            Console.note(text)
        // The tool loop shows each call once it is whole (its step event), not its pieces.
        case .routed, .usage, .planned, .reasoning, .reasoningSeal, .toolCall:
            break
        }
    }
}
