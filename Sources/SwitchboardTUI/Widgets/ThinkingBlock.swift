import Foundation
import SwitchboardCore

/// A reply's thinking, above its answer: the text while it streams, then one folded line
/// (`▸ thought for 3.2 s · ~412 tokens`) once the answer starts; the thinking key unfolds it again.
enum ThinkingBlock {
    static func lines(for entry: TranscriptEntry, width: Int, theme: Theme) -> [StyledLine] {
        guard !entry.thinking.isEmpty, case .assistant(let meta) = entry.kind else { return [] }
        let style = theme[.thinking]
        let open = entry.thinkingUnfolded
        var lines = LineWrapper.wrap([StyledRun((open ? "▾ " : "▸ ") + summary(entry, meta), style)], width: width)
        guard open else { return lines }
        let prefix = [StyledRun("  │ ", style)]
        for paragraph in entry.thinking.split(separator: "\n", omittingEmptySubsequences: false) {
            lines += LineWrapper.wrap([StyledRun(TerminalText.inert(String(paragraph)), style)], width: width,
                                      firstPrefix: prefix, nextPrefix: prefix)
        }
        return lines
    }

    /// "thinking… · ~40 tokens" while it streams; "thought for 3.2 s · 412 tokens" after (the provider's count
    /// of reasoning tokens when it gave one, else an estimate marked `~`).
    static func summary(_ entry: TranscriptEntry, _ meta: ReplyMeta) -> String {
        let reported = meta.usage?.reasoning ?? 0
        let tokens = reported > 0 ? Format.count(reported) : "~" + Format.count(TokenEstimator.estimate(entry.thinking))
        let stillThinking = !meta.status.isFinal && entry.text.isEmpty && meta.thoughtFor == nil
        if stillThinking { return "thinking… · \(tokens) tokens" }
        guard let thoughtFor = meta.thoughtFor else { return "thought · \(tokens) tokens" }
        return "thought for \(Format.duration(thoughtFor)) · \(tokens) tokens"
    }
}

/// The tool calls a reply asked for, under its text: the name, then the arguments as indented JSON.
enum ToolCallLines {
    static func lines(for meta: ReplyMeta, width: Int, theme: Theme) -> [StyledLine] {
        var lines: [StyledLine] = []
        for call in meta.toolCalls {
            lines += LineWrapper.wrap([StyledRun("⚙ called " + TerminalText.inert(call.name), theme[.accent])], width: width)
            let prefix = [StyledRun("    ")]
            for line in pretty(call.arguments).split(separator: "\n", omittingEmptySubsequences: false) {
                lines += LineWrapper.wrap([StyledRun(TerminalText.inert(String(line)), theme[.inlineCode])], width: width,
                                          firstPrefix: prefix, nextPrefix: prefix)
            }
        }
        return lines
    }

    /// The arguments indented with sorted keys; as written when they are not JSON (a model may write broken JSON).
    static func pretty(_ arguments: String) -> String {
        let trimmed = arguments.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return "{}" }
        guard let object = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8), options: [.fragmentsAllowed]),
              let data = try? JSONSerialization.data(withJSONObject: object,
                                                     options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed]),
              let text = String(data: data, encoding: .utf8) else { return trimmed }
        return text
    }
}
