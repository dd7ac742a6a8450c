import Foundation
@testable import SwitchboardCore
import XCTest

final class UnansweredToolCallsTests: XCTestCase {
    private let call = ToolCall(id: "call_1", name: "get_time", arguments: #"{"tz":"UTC"}"#)

    func testACallNobodyAnsweredBecomesTextInItsMessage() {
        let messages = [ChatMessage.user("time?"),
                        ChatMessage(role: .assistant, parts: [.text("Let me look."), .toolCall(call)]),
                        ChatMessage.user("and in Paris?")]
        let (closed, count) = UnansweredToolCalls.closed(messages)
        XCTAssertEqual(count, 1)
        XCTAssertEqual(closed[1].role, .assistant)
        XCTAssertTrue(closed[1].toolCalls.isEmpty)
        XCTAssertEqual(closed[1].parts, [.text("Let me look."), .text(#"[called get_time({"tz":"UTC"}), not run]"#)])
        XCTAssertEqual(closed[0], messages[0])
        XCTAssertEqual(closed[2], messages[2])
    }

    func testAnsweredCallsAndPlainHistoriesAreLeftAlone() {
        let answered = [ChatMessage.user("time?"),
                        ChatMessage(role: .assistant, parts: [.toolCall(call)]),
                        ChatMessage(role: .tool, parts: [.toolResult(ToolResult(callID: "call_1", content: [.text("12:00")]))])]
        XCTAssertEqual(UnansweredToolCalls.closed(answered).messages, answered)
        XCTAssertEqual(UnansweredToolCalls.closed(answered).count, 0)
        let plain = [ChatMessage.user("hi"), ChatMessage.assistant("hello")]
        XCTAssertEqual(UnansweredToolCalls.closed(plain).messages, plain)
    }

    func testOnlyTheUnansweredOneOfTwoCallsBecomesText() {
        let other = ToolCall(id: "call_2", name: "get_date", arguments: "{}")
        let messages = [ChatMessage(role: .assistant, parts: [.toolCall(call), .toolCall(other)]),
                        ChatMessage(role: .tool, parts: [.toolResult(ToolResult(callID: "call_2", content: [.text("Monday")]))]),
                        ChatMessage.user("thanks")]
        let (closed, count) = UnansweredToolCalls.closed(messages)
        XCTAssertEqual(count, 1)
        XCTAssertEqual(closed[0].toolCalls, [other])
        XCTAssertEqual(closed[0].parts.last, .text(#"[called get_time({"tz":"UTC"}), not run]"#))
    }
}

/// The attempt loop sends the closed history and says so once per candidate.
final class UnansweredToolCallsAttemptTests: XCTestCase {
    func testAnAttemptCarriesNoUnansweredCallAndANoticeSaysSo() throws {
        let call = ToolCall(id: "call_9", name: "lookup", arguments: "{}")
        let turn = TurnRequest(messages: [.user("find it"), ChatMessage(role: .assistant, parts: [.toolCall(call)]),
                                          .user("go on")],
                               model: ModelRef(id: "acme/model"), maxTokens: 100)
        let deployment = Deployment(provider: "p0", providerModel: "m", price: Price(input: nil, output: nil))
        let endpoint = ProviderEndpoint(name: "p0", wire: .openAIChat, baseURL: URL(fileURLWithPath: "/nowhere"))
        var machine = AttemptStateMachine(turn: turn, targets: [.init(candidate: RouteCandidate(model: "acme/model",
                                                                                                  deployment: deployment, reason: "test"),
                                                                        endpoint: endpoint)],
                                          retry: RetryPolicy(), continueOnFailure: false, maxWaitForRecovery: .seconds(30))
        _ = machine.start(recovery: nil, now: ContinuousClock.now)
        let step = machine.admission(true)
        guard case .attempt(let attempt) = step.action else { return XCTFail("expected an attempt, got \(step.action)") }
        XCTAssertTrue(attempt.request.messages.allSatisfy { $0.toolCalls.isEmpty })
        XCTAssertEqual(attempt.request.messages[1].text, "[called lookup({}), not run]")
        let notices = step.events.compactMap { if case .notice(let text) = $0 { text } else { nil } }
        XCTAssertEqual(notices, ["p0: 1 tool call with no result sent as text (no tool was run)"])
    }
}
