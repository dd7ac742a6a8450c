import Foundation
import SwitchboardCore

/// A tool call of the loop as the transcript shows it:
///
///     ⚙ get_current_time · time · done
///         {
///           "timezone" : "UTC"
///         }
///       ↳ {"datetime": "2026-12-05T19:30:00Z", …  … 6 lines
///
/// The result is folded to its first line and its line count until `o` unfolds it.
enum ToolCallEntryLines {
    static func lines(for meta: ToolCallMeta, width: Int, theme: Theme) -> [StyledLine] {
        let (state, role) = stageLabel(meta.stage)
        var head = [StyledRun("⚙ " + TerminalText.inert(meta.call.name), theme[.accent].with(.bold))]
        if let server = meta.server { head.append(StyledRun(" · " + TerminalText.inert(server), theme[.muted])) }
        head.append(StyledRun(" · " + TerminalText.inert(state), theme[role]))
        var lines = LineWrapper.wrap(head, width: width)
        let indent = [StyledRun("    ")]
        for line in ToolCallLines.pretty(meta.call.arguments).split(separator: "\n", omittingEmptySubsequences: false) {
            lines += LineWrapper.wrap([StyledRun(TerminalText.inert(String(line)), theme[.inlineCode])], width: width,
                                      firstPrefix: indent, nextPrefix: indent)
        }
        guard case .finished(let result, _) = meta.stage else { return lines }
        let resultRole: ThemeRole = result.isError ? .warning : .muted
        for (index, line) in shown(result.text, unfolded: meta.unfolded).enumerated() {
            lines += LineWrapper.wrap([StyledRun(TerminalText.inert(line), theme[resultRole])], width: width,
                                      firstPrefix: [StyledRun(index == 0 ? "  ↳ " : "    ", theme[resultRole])],
                                      nextPrefix: indent)
        }
        return lines
    }

    /// The result's lines: all of them when unfolded, else the first with "… N lines" when there are more.
    static func shown(_ text: String, unfolded: Bool) -> [String] {
        let all = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard !unfolded, all.count > 1 else { return all.isEmpty ? [""] : all }
        return [all[0] + "  … \(all.count) lines"]
    }

    static func stageLabel(_ stage: ToolCallMeta.Stage) -> (String, ThemeRole) {
        switch stage {
        case .asking: ("waiting for approval (y/a/n)", .warning)
        case .running: ("running…", .muted)
        case .refused(let reason): ("refused" + (reason.map { ": " + $0 } ?? ""), .warning)
        case .finished(let result, let ran):
            !ran ? ("not run", .warning) : result.isError ? ("the tool reported an error", .warning) : ("done", .success)
        }
    }
}
