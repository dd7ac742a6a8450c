import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

/// A resumed session's cost counts every reply it holds, the versions off the path shown included: pressing `r`
/// and reopening must not make the session cheaper than it was while it ran.
final class SessionStatsStoredTests: XCTestCase {
    func testEveryVersionOfEveryReplyCountsAfterAReopen() {
        // Four replies at $0.001 each: a1 and a2 on the first branch, a1' and its regeneration a1'' on the edited one.
        let state = TreeFixture.resumed(regenerated: true)
        XCTAssertEqual(state.transcript.entries.filter(\.isMessage).count, 2, "only the edited branch is shown")
        XCTAssertEqual(state.stats.cost, Money(Decimal(string: "0.004") ?? 0))
        XCTAssertEqual(state.stats.turnCosts.count, 4)
        XCTAssertEqual(state.stats.sessionCostText, "$0.004")
    }

    func testFailedRepliesStayOutAsTheyDoWhileRunning() {
        var messages = TreeFixture.stored()
        messages[1].status = .failed
        let tree = ConversationTree(messages: messages)
        var loaded = LoadedSession(id: TreeFixture.session, title: "Tree", model: "demo/mini", messages: tree.headPath)
        loaded.tree = tree
        let stats = SessionStats.stored(from: loaded)
        XCTAssertEqual(stats.cost, Money(Decimal(string: "0.002") ?? 0))
        XCTAssertEqual(stats.turnCosts.count, 2)
    }

    func testAStoreWithoutATreeCountsThePathAndTheComparedAnswers() {
        let messages = TreeFixture.stored()
        var loaded = LoadedSession(id: TreeFixture.session, title: "Tree", model: "demo/mini",
                                   messages: Array(messages[0...3]))
        loaded.comparison = [messages[5]]
        let stats = SessionStats.stored(from: loaded)
        XCTAssertEqual(stats.cost, Money(Decimal(string: "0.003") ?? 0))
    }
}
