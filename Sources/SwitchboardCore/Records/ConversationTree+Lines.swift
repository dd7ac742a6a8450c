import Foundation

extension ConversationTree {
    /// One line of the tree as text (the workbench's `/tree` and `history show --tree` print the same lines).
    public struct Line: Sendable, Hashable {
        public enum Kind: Sendable, Hashable { case user, assistant, other, branchTotal }

        public var text: String
        public var kind: Kind
        /// The outline row the line shows (nil for a branch's total).
        public var row: Int?
    }

    /// Every message a line, indented where the conversation forks, ● on the path to the head and ○ elsewhere;
    /// replies with model, tokens and cost; after each branch's last message, what the branch cost in all.
    /// Message text is the first line, made inert.
    public var lines: [Line] {
        var lines: [Line] = []
        for (index, row) in outline.enumerated() {
            let indent = String(repeating: "  ", count: row.depth)
            let marker = row.onPath ? "● " : "○ "
            let message = row.message
            let firstLine = message.text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            let gist = TerminalText.inert(firstLine.isEmpty && message.parts != nil ? "(attachments)" : firstLine)
            switch message.role {
            case .assistant:
                lines.append(Line(text: indent + marker + Self.figures(message) + "  " + gist, kind: .assistant, row: index))
            case .user:
                lines.append(Line(text: indent + marker + "You  " + gist, kind: .user, row: index))
            case .system, .tool:
                lines.append(Line(text: indent + marker + message.role.rawValue + "  " + gist, kind: .other, row: index))
            }
            if row.isLeaf {
                lines.append(Line(text: indent + "  └ branch: " + Self.branchFigures(totals(to: message.id)),
                                  kind: .branchTotal, row: nil))
            }
        }
        return lines
    }

    /// "demo/mini · 10→20 tok · $0.0010" ("unknown" when a price was missing, "failed" for a failed reply).
    public static func figures(_ message: StoredMessage) -> String {
        var parts = [TerminalText.inert(message.model ?? "unknown model")]
        if let usage = message.usage { parts.append("\(usage.input)→\(usage.output) tok") }
        parts.append(message.status == .failed ? "failed" : message.cost.displayString)
        return parts.joined(separator: " · ")
    }

    /// "2 replies · 20→40 tok · $0.0020"; "unknown", or "at least $X (n unpriced)", when a price was missing.
    public static func branchFigures(_ totals: BranchTotals) -> String {
        let replies = "\(totals.replies) repl\(totals.replies == 1 ? "y" : "ies")"
        let cost = totals.cost.map(\.description)
            ?? (totals.knownCost == .zero ? "unknown" : "at least \(totals.knownCost) (\(totals.unpriced) unpriced)")
        return [replies, "\(totals.inputTokens)→\(totals.outputTokens) tok", cost].joined(separator: " · ")
    }
}
