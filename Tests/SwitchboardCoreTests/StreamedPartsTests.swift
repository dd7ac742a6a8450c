import Foundation
@testable import SwitchboardCore
import XCTest

/// Joining streamed tool-call pieces and thinking blocks into whole parts.
final class StreamedPartsTests: XCTestCase {
    func testToolCallPiecesJoinByIndexEvenWhenInterleaved() {
        var parts = StreamedParts()
        parts.add(ToolCallDelta(index: 0, id: "call_a", name: "weather", arguments: ""))
        parts.add(ToolCallDelta(index: 0, arguments: #"{"ci"#))
        parts.add(ToolCallDelta(index: 1, id: "call_b", name: "time", arguments: #"{"tz":"#))
        parts.add(ToolCallDelta(index: 0, arguments: #"ty":"Par"#))
        parts.add(ToolCallDelta(index: 1, arguments: #""CET"}"#))
        parts.add(ToolCallDelta(index: 0, arguments: #"is"}"#))
        XCTAssertEqual(parts.toolCalls, [
            ToolCall(id: "call_a", name: "weather", arguments: #"{"city":"Paris"}"#),
            ToolCall(id: "call_b", name: "time", arguments: #"{"tz":"CET"}"#),
        ])
    }

    func testACompleteCallWithTheSameIndexButANewIdIsANewCall() {
        // Ollama sends each call whole, every one with index 0.
        var parts = StreamedParts()
        parts.add(ToolCallDelta(index: 0, id: "call_1", name: "a", arguments: "{}"))
        parts.add(ToolCallDelta(index: 0, id: "call_2", name: "b", arguments: #"{"x":1}"#))
        XCTAssertEqual(parts.toolCalls.map(\.id), ["call_1", "call_2"])
        XCTAssertEqual(parts.toolCalls.map(\.name), ["a", "b"])
    }

    func testACallWithoutArgumentsOrIdStillAnswersable() {
        var parts = StreamedParts()
        parts.add(ToolCallDelta(index: 3, name: "now"))
        parts.add(ToolCallDelta(index: 3, name: "now"))
        XCTAssertEqual(parts.toolCalls, [ToolCall(id: "call_0", name: "now", arguments: "{}")])
    }

    func testThinkingBlocksCloseAtTheirSignatureAndRedactedBlocksStandAlone() {
        var parts = StreamedParts()
        parts.add(ReasoningDelta(text: "First, "))
        parts.add(ReasoningDelta(text: "the sum."))
        parts.add(ReasoningDelta(signature: "sig1"))
        parts.add(ReasoningDelta(redactedData: "enc=="))
        parts.add(ReasoningDelta(text: "Then "))
        parts.add(ReasoningDelta(text: "check.", signature: "sig2"))
        let origin = ReasoningOrigin(wire: .anthropic, provider: "anthropic", model: "m")
        XCTAssertEqual(parts.reasoning(origin: origin), [
            ReasoningPart(text: "First, the sum.", signature: "sig1", origin: origin),
            ReasoningPart(text: "", redactedData: "enc==", origin: origin),
            ReasoningPart(text: "Then check.", signature: "sig2", origin: origin),
        ])
    }

    func testTheProgressOfAnAttemptKeepsThePartsAndCountsThemAsAnswering() {
        let start = ContinuousClock.now
        let progress = AttemptProgress(startedAt: start)
        progress.received([.reasoning(ReasoningDelta(text: "thinking"))], at: start + .milliseconds(5))
        progress.received([.toolCall(ToolCallDelta(index: 0, id: "c", name: "f", arguments: "{}"))], at: start + .milliseconds(9))
        let snapshot = progress.snapshot
        XCTAssertEqual(snapshot.firstTokenAt, start + .milliseconds(5), "thinking ends the wait for a first token")
        XCTAssertEqual(snapshot.parts.toolCalls.map(\.name), ["f"])
        XCTAssertEqual(snapshot.text, "")
    }

    func testDeliverForwardsThinkingInItsPlace() {
        var emitted: [String] = []
        AttemptRunner.deliver([
            .reasoning(ReasoningDelta(text: "a")), .reasoning(ReasoningDelta(text: "b")), .text("X"), .text("Y"),
            .toolCall(ToolCallDelta(index: 0, id: "c")), .reasoning(ReasoningDelta(text: "c")),
        ], origin: Self.origin) { event in
            switch event {
            case .delta(let text): emitted.append("delta:" + text)
            case .reasoning(let text): emitted.append("reasoning:" + text)
            case .toolCall(let delta): emitted.append("call:\(delta.index):\(delta.id ?? "")")
            default: emitted.append("other")
            }
        }
        XCTAssertEqual(emitted, ["reasoning:ab", "delta:XY", "call:0:c", "reasoning:c"])
    }

    private static let origin = ReasoningOrigin(wire: .anthropic, provider: "anthropic", model: "claude-x")

    func testTheTurnSummaryCarriesTheCallsAndTheThinkingWithTheirOrigin() throws {
        let options = ChatOptions(tools: [ToolDefinition(name: "f", parameters: try JSONText("{}"))], seed: 7)
        let turn = TurnRequest(messages: [.user("Hi")], model: ModelRef(id: "acme/model"), options: options)
        let deployment = Deployment(provider: "or", providerModel: "acme-1", price: Price(input: nil, output: nil))
        let endpoint = ProviderEndpoint(name: "or", wire: .openAICompatible, baseURL: URL(fileURLWithPath: "/nowhere"))
        var machine = AttemptStateMachine(
            turn: turn, targets: [.init(candidate: RouteCandidate(model: "acme/model", deployment: deployment, reason: "t"),
                                        endpoint: endpoint)],
            retry: RetryPolicy(), continueOnFailure: false, maxWaitForRecovery: .seconds(1))
        let t0 = ContinuousClock.now
        _ = machine.start(recovery: nil, now: t0)
        guard case .attempt(let attempt) = machine.admission(true).action else { return XCTFail("no attempt") }
        XCTAssertEqual(attempt.request.options, options, "every attempt asks with the turn's tools and settings")

        let progress = AttemptProgress(startedAt: t0)
        progress.received([.reasoning(ReasoningDelta(text: "hm")),
                           .toolCall(ToolCallDelta(index: 0, id: "c1", name: "f", arguments: #"{"a":1}"#)),
                           .finished(reason: "tool_calls")], at: t0 + .milliseconds(3))
        let result = AttemptRunner.Result(progress: progress.snapshot, status: 200, error: nil, cancelled: false,
                                          startedAt: t0, endedAt: t0 + .milliseconds(4))
        let record = machine.record(of: result, for: attempt, startedAt: Date())
        guard case .finish(let summary) = machine.attemptEnded(result, record: record, jitter: 0).action else {
            return XCTFail("not finished")
        }
        XCTAssertTrue(summary.complete, "a reply that only calls tools is complete")
        XCTAssertEqual(summary.finishReason, "tool_calls")
        XCTAssertEqual(summary.toolCalls, [ToolCall(id: "c1", name: "f", arguments: #"{"a":1}"#)])
        let origin = ReasoningOrigin(wire: .openAICompatible, provider: "or", model: "acme-1")
        XCTAssertEqual(summary.reasoning, [ReasoningPart(text: "hm", origin: origin)])
        XCTAssertEqual(summary.message.parts, [.reasoning(ReasoningPart(text: "hm", origin: origin)),
                                               .toolCall(ToolCall(id: "c1", name: "f", arguments: #"{"a":1}"#))])
    }
}
