import Foundation
import SwitchboardCore

/// The first visible transcript line: line `line` of entry number `entry`.
public struct ScrollAnchor: Equatable, Sendable {
    public var entry: Int
    public var line: Int

    public init(entry: Int, line: Int) {
        self.entry = entry
        self.line = line
    }
}

/// An entry's screen lines: header and notes, body, and footer, readable by index without joining them.
public struct EntryLines {
    public var head: [StyledLine]
    public var body: [StyledLine]
    public var foot: [StyledLine]

    public var count: Int { head.count + body.count + foot.count }

    public subscript(index: Int) -> StyledLine {
        if index < head.count { return head[index] }
        if index < head.count + body.count { return body[index - head.count] }
        return foot[index - head.count - body.count]
    }
}

/// Memo of wrapped transcript lines, per entry and width. Bodies are rendered incrementally: a streaming reply
/// only renders what arrived since the last frame. Least recently used bodies are dropped past a budget, so a
/// 10,000-message session keeps only what was recently on screen.
public final class TranscriptLayout {
    private struct Key: Hashable {
        var id: Int
        var epoch: Int
        var width: Int
    }

    private struct Cached {
        var markdown: IncrementalMarkdown
        var used: Int
    }

    /// What an unfolded thinking block was drawn from: it is drawn again only when one of these changes.
    private struct ThinkingKey: Equatable {
        var width: Int
        var length: Int
        var summary: String
    }

    private let theme: Theme
    private let renderer: MarkdownRenderer
    private var bodies: [Key: Cached] = [:]
    /// Unfolded thinking blocks by entry id (a folded one is a single line, drawn each time).
    private var thinking: [Int: (key: ThinkingKey, lines: [StyledLine])] = [:]
    private var clock = 0
    /// Rendered lines kept before the least recently used bodies are dropped.
    public var lineBudget = 20_000
    private var cachedLines = 0

    init(theme: Theme) {
        self.theme = theme
        renderer = MarkdownRenderer(styles: theme.markdown)
    }

    public var cachedBodyCount: Int { bodies.count }

    public func lines(of entry: TranscriptEntry, width: Int) -> EntryLines {
        let width = max(1, width)
        return EntryLines(head: EntryHeader.lines(for: entry, width: width, theme: theme) + thinkingLines(of: entry, width: width),
                          body: body(of: entry, width: width),
                          foot: EntryHeader.footer(for: entry, width: width, theme: theme))
    }

    public func height(of entry: TranscriptEntry, width: Int) -> Int {
        lines(of: entry, width: width).count
    }

    private func body(of entry: TranscriptEntry, width: Int) -> [StyledLine] {
        switch entry.kind {
        case .divider, .notice, .tool: return []
        case .user, .assistant: break
        }
        clock += 1
        let key = Key(id: entry.id, epoch: entry.epoch, width: width)
        var cached = bodies.removeValue(forKey: key)
            ?? Cached(markdown: IncrementalMarkdown(renderer: renderer, width: width, firstCodeBlock: entry.firstCodeBlock), used: 0)
        let before = cached.markdown.lines.count
        cached.markdown.update(to: entry.text)
        cached.used = clock
        cachedLines += cached.markdown.lines.count - before
        let lines = cached.markdown.lines
        bodies[key] = cached
        if cachedLines > lineBudget { evict() }
        return lines
    }

    private func thinkingLines(of entry: TranscriptEntry, width: Int) -> [StyledLine] {
        guard !entry.thinking.isEmpty, let meta = entry.reply else { return [] }
        guard entry.thinkingUnfolded else {
            thinking.removeValue(forKey: entry.id)
            return ThinkingBlock.lines(for: entry, width: width, theme: theme)
        }
        let key = ThinkingKey(width: width, length: entry.thinking.utf8.count, summary: ThinkingBlock.summary(entry, meta))
        if let memo = thinking[entry.id], memo.key == key { return memo.lines }
        let lines = ThinkingBlock.lines(for: entry, width: width, theme: theme)
        thinking[entry.id] = (key, lines)
        return lines
    }

    private func evict() {
        let order = bodies.sorted { $0.value.used < $1.value.used }
        for (key, value) in order where cachedLines > lineBudget / 2 {
            guard value.used != clock else { continue }
            cachedLines -= value.markdown.lines.count
            bodies.removeValue(forKey: key)
        }
    }
}

extension TranscriptLayout {
    /// The anchor that shows the end of the conversation (what following the stream looks like).
    public func bottomAnchor(_ entries: [TranscriptEntry], width: Int, height: Int) -> ScrollAnchor {
        var remaining = height
        var index = entries.count - 1
        while index >= 0 {
            let h = self.height(of: entries[index], width: width)
            if h >= remaining { return ScrollAnchor(entry: index, line: h - remaining) }
            remaining -= h
            index -= 1
        }
        return ScrollAnchor(entry: 0, line: 0)
    }

    /// `anchor` moved by `delta` lines (negative is up); nil once the end of the conversation is on screen, which
    /// means "follow".
    public func move(_ anchor: ScrollAnchor?, by delta: Int, _ entries: [TranscriptEntry], width: Int, height: Int) -> ScrollAnchor? {
        guard !entries.isEmpty else { return nil }
        var position = anchor ?? bottomAnchor(entries, width: width, height: height)
        position.entry = min(position.entry, entries.count - 1)
        position.line += delta
        while position.line < 0 {
            guard position.entry > 0 else { position.line = 0; break }
            position.entry -= 1
            position.line += self.height(of: entries[position.entry], width: width)
        }
        while position.line > 0, position.line >= self.height(of: entries[position.entry], width: width),
              position.entry < entries.count - 1 {
            position.line -= self.height(of: entries[position.entry], width: width)
            position.entry += 1
        }
        return atBottom(position, entries, width: width, height: height) ? nil : position
    }

    /// True when no more than a screen of lines follows `anchor`.
    func atBottom(_ anchor: ScrollAnchor, _ entries: [TranscriptEntry], width: Int, height: Int) -> Bool {
        var remaining = -anchor.line
        for index in anchor.entry..<entries.count {
            remaining += self.height(of: entries[index], width: width)
            if remaining > height { return false }
        }
        return true
    }

    /// The lines on screen for `anchor` (nil: the end), at most `height` of them.
    public func visibleLines(_ entries: [TranscriptEntry], anchor: ScrollAnchor?, width: Int, height: Int) -> [StyledLine] {
        visibleRows(entries, anchor: anchor, width: width, height: height).map(\.line)
    }

    /// The lines on screen, each with the index of the entry it belongs to.
    public func visibleRows(_ entries: [TranscriptEntry], anchor: ScrollAnchor?, width: Int,
                            height: Int) -> [(entry: Int, line: StyledLine)] {
        guard !entries.isEmpty, height > 0 else { return [] }
        guard let start = anchor else { return bottomRows(entries, width: width, height: height) }
        var result: [(entry: Int, line: StyledLine)] = []
        result.reserveCapacity(height)
        var index = min(start.entry, entries.count - 1)
        var line = max(0, start.line)
        while index < entries.count, result.count < height {
            let lines = self.lines(of: entries[index], width: width)
            while line < lines.count, result.count < height {
                result.append((index, lines[line]))
                line += 1
            }
            index += 1
            line = 0
        }
        return result
    }

    /// The rows that show the end, as `visibleRows` from `bottomAnchor` gives them, with each entry's lines
    /// made once (following a stream, that is every frame).
    private func bottomRows(_ entries: [TranscriptEntry], width: Int, height: Int) -> [(entry: Int, line: StyledLine)] {
        var above: [(index: Int, lines: EntryLines)] = []
        var remaining = height
        var index = entries.count - 1
        var firstLine = 0
        while index >= 0 {
            let lines = self.lines(of: entries[index], width: width)
            above.append((index, lines))
            if lines.count >= remaining {
                firstLine = lines.count - remaining
                break
            }
            remaining -= lines.count
            index -= 1
        }
        var result: [(entry: Int, line: StyledLine)] = []
        result.reserveCapacity(height)
        for (offset, (index, lines)) in above.reversed().enumerated() {
            var line = offset == 0 ? firstLine : 0
            while line < lines.count, result.count < height {
                result.append((index, lines[line]))
                line += 1
            }
        }
        return result
    }
}
