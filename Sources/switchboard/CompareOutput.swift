import Foundation
import SwitchboardCore
import SwitchboardStore

/// Prints a comparison: each answer under a header with its cost and latency, then a table of the figures.
enum CompareOutput {
    static func print(_ results: [EngineEvent?], refs: [ModelRef], scores: [Int?], json: Bool, raw: Bool = false) {
        if json {
            Console.out(Self.json(results, refs: refs, scores: scores))
            return
        }
        var rows: [[String]] = []
        for (index, event) in results.enumerated() {
            let heading = "── \(index + 1). \(refs[index]) "
            Console.out(heading + String(repeating: "─", count: max(3, 72 - heading.count)) + "\n")
            switch event {
            case .finished(let summary)?:
                Console.out((raw ? summary.text : TerminalText.inert(summary.text)) + "\n\n")
                rows.append([refs[index].description, summary.route.provider, summary.cost.displayString,
                             summary.ttft.map { "\($0.milliseconds) ms" } ?? "–", summary.duration.formattedSeconds,
                             summary.tokensPerSecond.map { String(format: "%.0f", $0) } ?? "–",
                             summary.complete ? "complete" : "incomplete", scores[index].map(String.init) ?? "–"])
            case .failed(let failure)?:
                Console.out("failed: \(TerminalText.inert(failure.summary))\n\n")
                rows.append([refs[index].description, "–", "–", "–", "–", "–", "failed", "–"])
            default:
                rows.append([refs[index].description, "–", "–", "–", "–", "–", "no result", "–"])
            }
        }
        Console.out(ReportTable.leftAligned(header: ["MODEL", "PROVIDER", "COST", "TTFT", "TIME", "TOK/S", "STATUS", "SCORE"], rows: rows))
    }
}
