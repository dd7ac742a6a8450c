import Foundation

/// A session's messages as the tree they form: each message follows its parent, and messages with the same parent
/// and role are siblings (compared answers, regenerated replies, edited prompts), oldest first. The path from the
/// first message to the head is the conversation; everything else is kept, one key press away.
public struct ConversationTree: Sendable, Hashable {
    public private(set) var messages: [StoredMessage]
    /// The message the conversation continues from; nil: the latest message.
    public private(set) var head: MessageID?
    private var index: [MessageID: Int] = [:]
    private var children: [MessageID: [MessageID]] = [:]
    private var roots: [MessageID] = []

    public init(messages: [StoredMessage], head: MessageID? = nil) {
        self.messages = messages.sorted { $0.id < $1.id }
        for (position, message) in self.messages.enumerated() { index[message.id] = position }
        // A parent outside the session (never written so) makes its child a root rather than vanish.
        for message in self.messages {
            if let parent = message.parentID, index[parent] != nil {
                children[parent, default: []].append(message.id)
            } else {
                roots.append(message.id)
            }
        }
        self.head = head.flatMap { index[$0] == nil ? nil : $0 }
    }

    public var isEmpty: Bool { messages.isEmpty }

    public func message(_ id: MessageID) -> StoredMessage? { index[id].map { messages[$0] } }

    /// The messages that follow `id` (the first messages when nil), oldest first.
    public func children(of id: MessageID?) -> [StoredMessage] {
        (id.map { children[$0] ?? [] } ?? roots).compactMap(message)
    }

    /// `id` and the other messages of its role with the same parent, oldest first.
    public func siblings(of id: MessageID) -> [StoredMessage] {
        guard let own = message(id) else { return [] }
        let parent = own.parentID.flatMap { index[$0] == nil ? nil : $0 }
        return children(of: parent).filter { $0.role == own.role }
    }

    /// From the first message down to `id`, following parent links.
    public func path(to id: MessageID) -> [StoredMessage] {
        var result: [StoredMessage] = []
        var cursor = message(id)
        while let current = cursor, result.count <= messages.count {
            result.append(current)
            cursor = current.parentID.flatMap(message)
        }
        return result.reversed()
    }

    /// The most recent message at or below `id`: where that branch was left.
    public func leaf(under id: MessageID) -> MessageID {
        var latest = id
        var stack = [id]
        while let next = stack.popLast() {
            latest = max(latest, next)
            stack += children[next] ?? []
        }
        return latest
    }

    /// The end of the conversation: the head, else the latest message.
    public var headID: MessageID? { head ?? messages.last?.id }

    /// The conversation: the path to the head.
    public var headPath: [StoredMessage] { headID.map(path(to:)) ?? [] }

    /// Messages that end a branch (no message follows them), oldest first.
    public var leaves: [StoredMessage] { messages.filter { (children[$0.id] ?? []).isEmpty } }

    /// What one branch (the path from the first message to `leaf`) cost: replies, tokens in and out, and money
    /// (nil when a reply's price is unknown).
    public func totals(to leaf: MessageID) -> BranchTotals {
        var totals = BranchTotals()
        for message in path(to: leaf) where message.role == .assistant {
            totals.replies += 1
            totals.inputTokens += message.usage?.input ?? 0
            totals.outputTokens += message.usage?.output ?? 0
            if let cost = message.cost { totals.knownCost += cost } else if message.status != .failed { totals.unpriced += 1 }
        }
        return totals
    }

    /// Every message depth first, each branch's older sibling first: how a tree view lists them. `depth` counts the
    /// forks above a message, so a conversation without branches stays flat.
    public var outline: [OutlineRow] {
        var rows: [OutlineRow] = []
        var stack: [(MessageID, Int)] = roots.reversed().map { ($0, roots.count > 1 ? 1 : 0) }
        while let (id, depth) = stack.popLast() {
            guard let current = message(id) else { continue }
            let next = children[id] ?? []
            rows.append(OutlineRow(message: current, depth: depth, isLeaf: next.isEmpty, onPath: false))
            let childDepth = next.count > 1 ? depth + 1 : depth
            stack += next.reversed().map { ($0, childDepth) }
        }
        let onPath = Set(headPath.map(\.id))
        return rows.map { row in
            var row = row
            row.onPath = onPath.contains(row.message.id)
            return row
        }
    }

    public struct OutlineRow: Sendable, Hashable {
        public var message: StoredMessage
        /// How many forks lie above it (siblings are indented one step below their parent).
        public var depth: Int
        /// Nothing follows it: a branch ends here, and its totals can be shown.
        public var isLeaf: Bool
        /// It is on the conversation (the path to the head).
        public var onPath: Bool
    }
}

/// What one branch of a conversation cost.
public struct BranchTotals: Sendable, Hashable {
    public var replies = 0
    public var inputTokens = 0
    public var outputTokens = 0
    /// The sum of the replies whose price is known.
    public var knownCost = Money.zero
    /// Replies whose price is unknown: `knownCost` is then a lower bound.
    public var unpriced = 0

    public init() {}

    /// The cost when every reply's price is known.
    public var cost: Money? { unpriced == 0 ? knownCost : nil }
}
