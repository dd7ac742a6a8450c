import Foundation
import SwitchboardCore

/// How an assistant message stands.
public enum ReplyStatus: Equatable, Sendable {
    case waiting
    case streaming
    case complete
    case cancelled
    /// Text arrived, then the stream broke or stalled.
    case incomplete(String)
    /// Every attempt failed before any text.
    case failed(String)

    public var isFinal: Bool {
        switch self {
        case .waiting, .streaming: false
        default: true
        }
    }
}

/// What the header of an assistant message shows: model, provider, tokens, cost, TTFT, tokens/s.
public struct ReplyMeta: Equatable, Sendable {
    public var requestedModel: String
    public var route: RouteInfo?
    public var usage: Usage?
    public var usageEstimated = false
    /// Nil with a final status means the price is unknown.
    public var cost: Money?
    /// What the provider said it charged, when it says (OpenRouter); flagged where it differs from `cost`.
    public var reportedCost: Money?
    public var ttft: Duration?
    public var duration: Duration?
    public var tokensPerSecond: Double?
    public var status: ReplyStatus = .waiting
    /// Failed attempts, retries and fallbacks, shown inline under the header.
    public var notes: [String] = []
    public var turnID: UUID?
    /// How long the model thought before the answer began (first thinking to first answer text).
    public var thoughtFor: Duration?
    /// Calls the reply asked for: shown under it (a reply that only calls tools is not an empty reply).
    public var toolCalls: [ToolCall] = []
    /// The tool loop's steps and their total cost, on the loop's last reply.
    public var toolSteps: ToolStepsMark?

    public init(requestedModel: String, turnID: UUID? = nil) {
        self.requestedModel = requestedModel
        self.turnID = turnID
    }
}

/// One item of the conversation as shown.
public struct TranscriptEntry: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case user
        case assistant(ReplyMeta)
        /// A model switch (or other boundary) across the transcript.
        case divider
        case notice(NoticeLevel)
        /// A tool call of the loop, with its approval and result.
        case tool(ToolCallMeta)
    }

    public var id: Int
    public var kind: Kind
    /// Grows while a reply streams; replaced only when `epoch` changes.
    public var text: String
    public var epoch = 0
    /// Number of the first fenced code block in this entry (numbers run through the session).
    public var firstCodeBlock: Int
    /// Files sent with a user message, shown as chips under it.
    public var attachments: [Attachment] = []
    /// A reply's thinking, as it streamed (grows in place, like `text`).
    public var thinking = ""
    /// Whether the thinking block is unfolded; nil follows the stream: open while only thinking has arrived,
    /// folded once the answer starts.
    public var thinkingOpen: Bool?
    /// Where this message stands among its versions (`‹ 2/3 ›`); nil when it has none.
    public var branch: BranchMark?
    /// What a reply that called tools sends in later turns, in place of its text: its own message as stored (text,
    /// thinking and calls), then the `tool` messages that answered the calls. nil: the entry sends its text.
    public var sends: [ChatMessage]?

    /// True when the thinking block shows its text rather than one folded line.
    public var thinkingUnfolded: Bool {
        if let thinkingOpen { return thinkingOpen }
        guard case .assistant(let meta) = kind else { return false }
        return !meta.status.isFinal && text.isEmpty
    }

    public var reply: ReplyMeta? {
        if case .assistant(let meta) = kind { return meta }
        return nil
    }

    public var isMessage: Bool {
        switch kind {
        case .user, .assistant: true
        case .divider, .notice, .tool: false
        }
    }
}

public enum NoticeLevel: Equatable, Sendable {
    case info, warning, error
}

/// Answers to one prompt from several models, side by side until the person picks the one to continue from.
public struct Comparison: Equatable, Sendable {
    /// One assistant entry per model, in the order asked.
    public fileprivate(set) var columns: [TranscriptEntry]
    /// The column the keys act on. (Where the columns are scrolled is the pane's own state.)
    public var selection = 0
}

/// The conversation as shown: messages plus dividers and notices, in order, and a comparison awaiting a pick.
public struct Transcript: Equatable, Sendable {
    public private(set) var entries: [TranscriptEntry] = []
    /// Counts the changes to what the conversation sends, streamed text excepted: the context meter counts again
    /// only when it moves (a reply still streaming is estimated until it ends).
    public private(set) var sentRevision = 0
    /// Compared answers to the latest prompt; not part of the conversation until one is picked.
    public var comparison: Comparison?
    private var nextID = 1
    /// Number the next code block will get.
    public private(set) var nextCodeBlock = 1

    public init() {}

    /// An empty transcript numbered on from `previous`: an entry id is never reused in one run, since the
    /// conversation pane's line memo is keyed by it (a reused id showed the old entry's lines).
    public init(after previous: Transcript) {
        nextID = previous.nextID
    }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }

    @discardableResult
    public mutating func append(_ kind: TranscriptEntry.Kind, text: String, attachments: [Attachment] = []) -> Int {
        let id = nextID
        nextID += 1
        sentRevision += 1
        entries.append(TranscriptEntry(id: id, kind: kind, text: text, firstCodeBlock: nextCodeBlock,
                                       attachments: attachments))
        if case .divider = kind {} else if case .notice = kind {} else {
            nextCodeBlock += CodeBlocks.count(in: text)
        }
        return id
    }

    public func index(of id: Int) -> Int? {
        // Recent entries are the ones asked about: search from the end.
        entries.lastIndex { $0.id == id }
    }

    /// The entry with `id`, in the conversation or among the compared answers.
    public func entry(_ id: Int) -> TranscriptEntry? {
        comparison?.columns.first { $0.id == id } ?? index(of: id).map { entries[$0] }
    }

    /// Changes the entry with `id` wherever it is; false when there is none.
    /// Compared answers are looked at first: while they stream, the conversation's entries are not the target,
    /// and searching them would make each token cost more as the session grows.
    @discardableResult
    private mutating func change(_ id: Int, _ body: (inout TranscriptEntry) -> Void) -> Bool {
        if var current = comparison, let column = current.columns.firstIndex(where: { $0.id == id }) {
            comparison = nil  // so the column's text is uniquely held and grows in place
            body(&current.columns[column])
            comparison = current
            return true
        }
        if let index = index(of: id) {
            body(&entries[index])
            return true
        }
        return false
    }

    /// Appends streamed text to an entry (the cheap path: no copy of the transcript).
    public mutating func appendText(_ delta: String, to id: Int) {
        change(id) { $0.text += delta }
    }

    /// Appends streamed thinking to a reply (in place, like `appendText`).
    public mutating func appendThinking(_ delta: String, to id: Int) {
        change(id) { $0.thinking += delta }
    }

    /// Sets a reply's thinking when the stream carried none (it came only with the summary, or from the store).
    public mutating func setThinking(of id: Int, to thinking: String) {
        change(id) { entry in
            if entry.thinking.isEmpty { entry.thinking = thinking }
        }
    }

    /// Folds or unfolds a reply's thinking block; false when the entry has no thinking.
    @discardableResult
    public mutating func toggleThinking(of id: Int) -> Bool {
        var found = false
        change(id) { entry in
            guard !entry.thinking.isEmpty else { return }
            entry.thinkingOpen = !entry.thinkingUnfolded
            found = true
        }
        return found
    }

    public mutating func updateReply(_ id: Int, _ change: (inout ReplyMeta) -> Void) {
        self.change(id) { entry in
            guard case .assistant(var meta) = entry.kind else { return }
            change(&meta)
            entry.kind = .assistant(meta)
        }
    }

    /// Changes a tool call entry (its stage, or whether its result is unfolded).
    public mutating func updateTool(_ id: Int, _ change: (inout ToolCallMeta) -> Void) {
        self.change(id) { entry in
            guard case .tool(var meta) = entry.kind else { return }
            change(&meta)
            entry.kind = .tool(meta)
        }
    }

    public mutating func replaceText(of id: Int, with text: String) {
        change(id) { entry in
            guard entry.text != text else { return }
            entry.text = text
            entry.epoch += 1
        }
        sentRevision += 1
    }

    /// Call when an entry's text is final: later entries number their code blocks after it.
    public mutating func sealCodeBlocks(of id: Int) {
        guard let index = index(of: id) else { return }
        nextCodeBlock = max(nextCodeBlock, entries[index].firstCodeBlock + CodeBlocks.count(in: entries[index].text))
    }

    /// Marks the entry with where it stands among its versions (nil: it has none).
    public mutating func setBranch(of id: Int, _ mark: BranchMark?) {
        change(id) { entry in
            if entry.branch != mark { entry.branch = mark }
        }
    }

    /// Drops the entry at `index` and everything after it (a branch is left: an edited prompt or a regenerated
    /// reply takes its place). Code blocks number on from what is left.
    public mutating func truncate(from index: Int) {
        guard index < entries.count else { return }
        entries.removeSubrange(max(0, index)...)
        sentRevision += 1
        comparison = nil
        let last = entries.last { $0.isMessage }
        nextCodeBlock = last.map { $0.firstCodeBlock + CodeBlocks.count(in: $0.text) } ?? 1
    }

    /// Ends a comparison with no answer to pick (every one failed): the failed replies join the transcript as they
    /// are, so their errors stay on screen, and the conversation can go on.
    public mutating func dissolveComparison() {
        guard let columns = comparison?.columns else { return }
        comparison = nil
        entries += columns
        sentRevision += 1
    }

    /// Opens a comparison with one empty reply per entry of `replies`; returns their ids, in order.
    public mutating func startComparison(_ replies: [ReplyMeta]) -> [Int] {
        let columns = replies.map { meta -> TranscriptEntry in
            defer { nextID += 1 }
            return TranscriptEntry(id: nextID, kind: .assistant(meta), text: "", firstCodeBlock: nextCodeBlock)
        }
        comparison = Comparison(columns: columns)
        return columns.map(\.id)
    }

    /// Makes compared answer `column` part of the conversation (keeping its id, so its rendering is reused) and
    /// closes the comparison.
    @discardableResult
    public mutating func pick(_ column: Int) -> TranscriptEntry? {
        guard let comparison, comparison.columns.indices.contains(column) else { return nil }
        let chosen = comparison.columns[column]
        self.comparison = nil
        entries.append(chosen)
        sentRevision += 1
        sealCodeBlocks(of: chosen.id)
        return chosen
    }

    /// The conversation to send: user and assistant messages with text, in order.
    public var chatMessages: [ChatMessage] { entries.flatMap(Self.sentMessages) }

    /// The messages of the entries after the one with `id` (all of them when there is none).
    public func chatMessages(after id: Int) -> [ChatMessage] {
        guard let index = index(of: id) else { return chatMessages }
        return entries[(index + 1)...].flatMap(Self.sentMessages)
    }

    /// The conversation to send without the entries in `skipped` (replies still streaming), after the entry with
    /// `id` when there is one.
    func chatMessages(after id: Int?, skipping skipped: Set<Int>) -> [ChatMessage] {
        let start = id.flatMap(index(of:)).map { $0 + 1 } ?? 0
        return entries[start...].flatMap { skipped.contains($0.id) ? [] : Self.sentMessages($0) }
    }

    /// What one entry sends: nil for dividers, notices and replies with no text.
    static func chatMessage(_ entry: TranscriptEntry) -> ChatMessage? {
        switch entry.kind {
        case .user:
            guard !entry.attachments.isEmpty else { return .user(entry.text) }
            // Files first, then the question about them (what Anthropic's and OpenAI's guides advise).
            let text: [ContentPart] = entry.text.isEmpty ? [] : [.text(entry.text)]
            return ChatMessage(role: .user, parts: entry.attachments.map(\.part) + text)
        case .assistant: return entry.text.isEmpty ? nil : .assistant(entry.text)
        // A call's entry only shows it: the reply that made the call sends it and its result (`sends`).
        case .divider, .notice, .tool: return nil
        }
    }

    /// What one entry sends in later turns: a reply's calls and their results when it made some, else its message.
    static func sentMessages(_ entry: TranscriptEntry) -> [ChatMessage] {
        entry.sends ?? chatMessage(entry).map { [$0] } ?? []
    }

    /// The reply `id` sends `messages` (its own and the results that answered its calls) in later turns.
    public mutating func setSends(of id: Int, _ messages: [ChatMessage]) {
        change(id) { $0.sends = messages }
        sentRevision += 1
    }

    /// The `tool` message answering the calls of reply `id` joins what it sends (after its own message).
    public mutating func appendSends(to id: Int, _ message: ChatMessage) {
        change(id) { $0.sends = ($0.sends ?? []) + [message] }
        sentRevision += 1
    }

    /// Code block `number` (1-based, across the session): its language and text.
    public func codeBlock(_ number: Int) -> CodeBlocks.Block? {
        guard let entry = entries.last(where: { $0.isMessage && $0.firstCodeBlock <= number }) else { return nil }
        let blocks = CodeBlocks.extract(from: entry.text)
        let offset = number - entry.firstCodeBlock
        return offset < blocks.count ? blocks[offset] : nil
    }

    /// How many code blocks the session has so far (including one still streaming).
    public var codeBlockCount: Int {
        guard let last = entries.last(where: { $0.isMessage }) else { return 0 }
        return max(nextCodeBlock, last.firstCodeBlock + CodeBlocks.count(in: last.text)) - 1
    }
}
