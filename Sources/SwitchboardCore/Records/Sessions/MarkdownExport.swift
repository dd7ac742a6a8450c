import Foundation

/// A session as Markdown: a header with the session's facts, then each message under a heading that says who
/// wrote it and, for replies, which model and provider, tokens, cost and timings.
public enum MarkdownExport {
    public static func render(_ detail: SessionDetail) -> String {
        let session = detail.session
        var lines = ["# \(session.title)", ""]
        lines.append("- Session: `\(session.id.uuidString.lowercased())`")
        lines.append("- Created: \(MarkdownExport.iso(session.createdAt))")
        if let model = session.model { lines.append("- Model: \(model)") }
        if let tag = session.tag { lines.append("- Tag: \(tag)") }
        if let role = session.role { lines.append("- Role: \(role)") }
        lines.append("")
        if let system = session.systemPrompt {
            lines += ["## System", "", system, ""]
        }
        for entry in detail.entries {
            lines += [heading(entry), "", entry.message.text, ""]
            // Thinking, tool calls and results, attachments: one quoted line each, after the text.
            let parts = entry.message.partLines
            if !parts.isEmpty { lines += parts.map { "> " + $0.replacingOccurrences(of: "\n", with: "\n> ") } + [""] }
            for compaction in detail.compactions(endingAt: entry) {
                lines += ["## Summary · " + compaction.summaryLine, "", compaction.summary, ""]
            }
        }
        return lines.joined(separator: "\n")
    }

    public static func heading(_ entry: SessionDetail.Entry) -> String {
        let message = entry.message
        var parts = [message.role.rawValue.capitalized]
        if message.role == .assistant {
            parts += ReplyFacts.parts(model: message.resolvedModel ?? message.requestedModel, provider: message.provider,
                                      usage: message.usage, cost: message.cost)
            if let ttft = message.ttftMs { parts.append("first token \(ttft) ms") }
            if let duration = message.durationMs { parts.append("\(duration) ms") }
        }
        parts.append(MarkdownExport.iso(message.createdAt))
        if message.status != .complete { parts.append("(\(message.status.rawValue))") }
        if entry.attempts.count > 1 { parts.append("\(entry.attempts.count) attempts") }
        return "## " + parts.joined(separator: " · ")
    }

    static func iso(_ date: Date) -> String { MillisecondTime.iso(MillisecondTime.millis(date)) }
}
