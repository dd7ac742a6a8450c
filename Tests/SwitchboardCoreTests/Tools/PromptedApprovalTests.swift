import Foundation
@testable import SwitchboardCore
import XCTest

/// Approval by a person through a front end: the call is shown, the key's answer decides it, and a stopped turn
/// refuses what was still waiting.
final class PromptedApprovalTests: XCTestCase {
    private static let call = ToolCall(id: "c1", name: "get_time", arguments: "{}")

    private static func deciding(_ approval: PromptedApproval) -> Task<ToolDecision, Never> {
        Task { await approval.decide(call, tool: nil) }
    }

    func testTheAnswerGivenForTheShownCallDecidesIt() async {
        let shown = Shown()
        let approval = PromptedApproval { request in Task { await shown.add(request) } }
        let decision = Self.deciding(approval)
        let request = await shown.next()
        XCTAssertEqual(request.call, Self.call)
        approval.answer(UUID(), with: .refuse(reason: "someone else's"))
        approval.answer(request.id, with: .alwaysForTool)
        let decided = await decision.value
        XCTAssertEqual(decided, .alwaysForTool)
        XCTAssertEqual(approval.pending, 0)
    }

    func testStoppingTheTurnRefusesTheWaitingCall() async {
        let shown = Shown()
        let approval = PromptedApproval { request in Task { await shown.add(request) } }
        let decision = Self.deciding(approval)
        _ = await shown.next()
        decision.cancel()
        let decided = await decision.value
        XCTAssertEqual(decided, .refuse(reason: "the person stopped the turn"))
        XCTAssertEqual(approval.pending, 0)
    }
}

private actor Shown {
    private var requests: [PromptedApproval.Request] = []
    func add(_ request: PromptedApproval.Request) { requests.append(request) }
    func next() async -> PromptedApproval.Request {
        while requests.isEmpty { try? await Task.sleep(for: .milliseconds(5)) }
        return requests.removeFirst()
    }
}
