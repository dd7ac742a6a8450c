import Foundation
import SwitchboardCore

/// The lines around a transcript entry's body: who spoke, and for replies the model, provider, tokens, cost,
/// TTFT and speed; failed attempts and fallbacks inline; how an unfinished reply ended.
enum EntryHeader {
    static func lines(for entry: TranscriptEntry, width: Int, theme: Theme) -> [StyledLine] {
        switch entry.kind {
        case .user:
            let you = StyledLine([StyledRun("▍You", theme[.user].with(.bold))] + branchRuns(entry, theme: theme))
            guard !entry.attachments.isEmpty else { return [you] }
            return [you] + chips(entry.attachments, width: width, theme: theme)
        case .assistant(let meta):
            var lines = LineWrapper.wrap(branchRuns(entry, theme: theme, leading: false) + headerRuns(meta, theme: theme), width: width)
            for note in meta.notes {
                lines += LineWrapper.wrap([StyledRun(TerminalText.inert(note), theme[.warning])], width: width,
                                          firstPrefix: [StyledRun("  ↳ ", theme[.warning])],
                                          nextPrefix: [StyledRun("    ")])
            }
            return lines
        case .divider:
            let label = " " + TerminalText.inert(entry.text) + " "
            let labelWidth = TextWidth.width(of: label)
            guard labelWidth + 4 <= width else { return [StyledLine(TextWidth.truncate(label, to: width), theme[.divider])] }
            let left = (width - labelWidth) / 2
            let text = String(repeating: "─", count: left) + label + String(repeating: "─", count: width - left - labelWidth)
            return [StyledLine(text, theme[.divider])]
        case .notice(let level):
            let role: ThemeRole = level == .error ? .error : level == .warning ? .warning : .muted
            return LineWrapper.wrap([StyledRun(TerminalText.inert(entry.text), theme[role])], width: width)
        case .tool(let meta):
            return ToolCallEntryLines.lines(for: meta, width: width, theme: theme)
        }
    }

    /// "‹ 2/3 ›" for a message with other versions (←/→ move between them); nothing otherwise.
    static func branchRuns(_ entry: TranscriptEntry, theme: Theme, leading: Bool = true) -> [StyledRun] {
        guard let mark = entry.branch else { return [] }
        return [StyledRun((leading ? " " : "") + mark.label + (leading ? "" : " "), theme[.accent])]
    }

    /// "[📎 shot.png 120 KB] [📎 spec.pdf 1.2 MB]", wrapped between chips.
    static func chips(_ attachments: [Attachment], width: Int, theme: Theme) -> [StyledLine] {
        let runs = attachments.enumerated().map { index, attachment in
            StyledRun((index == 0 ? "" : " ") + attachment.chip, theme[.accent])
        }
        return LineWrapper.wrap(runs, width: width)
    }

    static func footer(for entry: TranscriptEntry, width: Int, theme: Theme) -> [StyledLine] {
        guard case .assistant(let meta) = entry.kind else { return [StyledLine.blank] }
        let ending: (String, ThemeRole)?
        switch meta.status {
        case .waiting, .streaming, .complete: ending = nil
        case .cancelled: ending = ("⏹ cancelled: the answer above is incomplete", .warning)
        case .incomplete(let why): ending = ("⚠ incomplete: " + why, .warning)
        case .failed(let why): ending = ("✖ " + why, .error)
        }
        let calls = meta.toolCalls.isEmpty ? [] : ToolCallLines.lines(for: meta, width: width, theme: theme)
        guard let (text, role) = ending else { return calls + [StyledLine.blank] }
        return calls + LineWrapper.wrap([StyledRun(TerminalText.inert(text), theme[role])], width: width) + [StyledLine.blank]
    }

    /// "● demo/mini via demo · 21 → 143 tok · $0.000089 · TTFT 151 ms · 160 tok/s".
    static func headerRuns(_ meta: ReplyMeta, theme: Theme) -> [StyledRun] {
        let model = meta.route?.model ?? meta.requestedModel
        var runs = [StyledRun("● " + TerminalText.inert(model), theme[.assistant].with(.bold))]
        let muted = theme[.muted]
        if let route = meta.route {
            runs.append(StyledRun(" via " + TerminalText.inert(route.provider) + (route.simulated ? " (simulated)" : ""), muted))
        }
        switch meta.status {
        case .waiting:
            runs.append(StyledRun(" · waiting for the first token…", muted))
            return runs
        case .streaming:
            runs.append(StyledRun(" · streaming…", muted))
            return runs
        default:
            break
        }
        var parts: [String] = []
        if let usage = meta.usage {
            let mark = meta.usageEstimated ? "~" : ""
            parts.append("\(mark)\(Format.count(usage.promptTotal)) → \(mark)\(Format.count(usage.output)) tok")
        }
        if case .failed = meta.status {} else { parts.append(meta.cost.displayString) }
        if let ttft = meta.ttft { parts.append("TTFT " + Format.duration(ttft)) }
        if let rate = meta.tokensPerSecond { parts.append(Format.rate(rate)) }
        if let steps = meta.toolSteps { parts.append(steps.label) }
        if !parts.isEmpty { runs.append(StyledRun(" · " + parts.joined(separator: " · "), muted)) }
        return runs
    }
}
