import XCTest
@testable import SwitchboardCore

/// The tree a session's messages form: siblings oldest first, the path to the head, where a branch was left, and
/// what each branch cost, unknown prices never counted as zero.
final class ConversationTreeTests: XCTestCase {
    private func message(_ id: Int64, _ role: Role, parent: Int64?, cost: String? = nil, status: MessageStatus = .complete) -> StoredMessage {
        var message = StoredMessage(role: role, text: "m\(id)", model: role == .assistant ? "demo/mini" : nil, status: status,
                                    usage: role == .assistant ? Usage(input: 1, output: 2) : nil,
                                    cost: cost.flatMap { Money(decimalString: $0) }, id: MessageID(rawValue: id))
        message.parentID = parent.map(MessageID.init(rawValue:))
        return message
    }

    /// 1 → 2 → 3 → 4, and 2 → 5 (a second prompt after the first answer), 1 → 6 (a regenerated answer).
    private var tree: ConversationTree {
        ConversationTree(messages: [message(5, .user, parent: 2), message(1, .user, parent: nil),
                                    message(2, .assistant, parent: 1, cost: "0.01"), message(3, .user, parent: 2),
                                    message(4, .assistant, parent: 3, cost: nil), message(6, .assistant, parent: 1, cost: "0.02")])
    }

    func testSiblingsPathsAndLeaves() {
        let tree = self.tree
        XCTAssertEqual(tree.siblings(of: MessageID(rawValue: 6)).map(\.id.rawValue), [2, 6])
        XCTAssertEqual(tree.siblings(of: MessageID(rawValue: 5)).map(\.id.rawValue), [3, 5])
        XCTAssertEqual(tree.headPath.map(\.id.rawValue), [1, 6], "no head: the latest message")
        XCTAssertEqual(tree.leaf(under: MessageID(rawValue: 2)).rawValue, 5, "the most recent message below")
        XCTAssertEqual(tree.leaves.map(\.id.rawValue), [4, 5, 6])
        let moved = ConversationTree(messages: tree.messages, head: MessageID(rawValue: 4))
        XCTAssertEqual(moved.headPath.map(\.id.rawValue), [1, 2, 3, 4])
        XCTAssertNil(ConversationTree(messages: tree.messages, head: MessageID(rawValue: 99)).head, "not one of its messages")
    }

    func testOutlineIndentsAtForksAndMarksThePath() {
        let rows = ConversationTree(messages: tree.messages, head: MessageID(rawValue: 4)).outline
        XCTAssertEqual(rows.map(\.message.id.rawValue), [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(rows.map(\.depth), [0, 1, 2, 2, 2, 1])
        XCTAssertEqual(rows.map(\.onPath), [true, true, true, true, false, false])
        XCTAssertEqual(rows.map(\.isLeaf), [false, false, false, true, true, true])
    }

    func testBranchTotalsNeverCountAnUnknownPriceAsZero() {
        let tree = self.tree
        let priced = tree.totals(to: MessageID(rawValue: 6))
        XCTAssertEqual(priced.cost, Money(decimalString: "0.02"))
        let unpriced = tree.totals(to: MessageID(rawValue: 4))
        XCTAssertEqual(unpriced.replies, 2)
        XCTAssertEqual(unpriced.outputTokens, 4)
        XCTAssertNil(unpriced.cost)
        XCTAssertEqual(ConversationTree.branchFigures(unpriced), "2 replies · 2→4 tok · at least $0.01 (1 unpriced)")
    }
}
