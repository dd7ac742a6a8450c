import Foundation
import SwitchboardCore

extension StoreJSON {
    /// `history show --tree --json`: the session's fields, `head` (the index of the message the conversation
    /// continues from) and `nodes`, every message in tree order (depth first, older sibling first) with its index in
    /// stored order, its parent's index, its depth (forks above it), whether it is on the head's path, its model,
    /// usage and cost; a branch's last message also carries `branch`, what the whole path to it cost.
    public static func tree(_ detail: SessionDetail) throws -> Data {
        let tree = detail.tree
        var position: [MessageID: Int] = [:]
        for (index, message) in tree.messages.enumerated() { position[message.id] = index }
        let nodes = tree.outline.map { row in
            TreeNodeJSON(row, index: position[row.message.id] ?? 0,
                         parent: row.message.parentID.flatMap { position[$0] },
                         branch: row.isLeaf ? BranchJSON(tree.totals(to: row.message.id)) : nil)
        }
        return try encode(SessionJSON(own: SessionTreeJSON(head: tree.headID.flatMap { position[$0] }, nodes: nodes),
                                      shared: SessionFieldsJSON(detail.session)))
    }
}

struct SessionTreeJSON: Encodable {
    @ExplicitNull var head: Int?
    var nodes: [TreeNodeJSON]
}

struct TreeNodeJSON: Encodable {
    var index: Int
    @ExplicitNull var parent: Int?
    var depth: Int
    var onPath: Bool
    var role: String
    var text: String
    var status: String
    @ExplicitNull var model: String?
    @ExplicitNull var usage: UsageJSON?
    @ExplicitNull var cost: String?
    var branch: BranchJSON?

    enum CodingKeys: String, CodingKey {
        case index, parent, depth, onPath = "on_path", role, text, status, model, usage, cost, branch
    }

    init(_ row: ConversationTree.OutlineRow, index: Int, parent: Int?, branch: BranchJSON?) {
        self.index = index
        self.parent = parent
        depth = row.depth
        onPath = row.onPath
        role = row.message.role.rawValue
        text = row.message.text
        status = row.message.status.rawValue
        model = row.message.model
        usage = row.message.usage.map(UsageJSON.init)
        cost = row.message.cost?.decimalString
        self.branch = branch
    }
}

/// What one branch cost: the replies on the path from the first message to its end.
struct BranchJSON: Encodable {
    var replies: Int
    var inputTokens: Int
    var outputTokens: Int
    /// Null when a reply's price is unknown (`unpriced` says how many).
    @ExplicitNull var cost: String?
    var knownCost: String
    var unpriced: Int

    enum CodingKeys: String, CodingKey {
        case replies, inputTokens = "input_tokens", outputTokens = "output_tokens", cost, knownCost = "known_cost", unpriced
    }

    init(_ totals: BranchTotals) {
        replies = totals.replies
        inputTokens = totals.inputTokens
        outputTokens = totals.outputTokens
        cost = totals.cost?.decimalString
        knownCost = totals.knownCost.decimalString
        unpriced = totals.unpriced
    }
}
