import Foundation
@testable import SwitchboardCore
import XCTest

/// Estimates for messages with more than text: the parts a model reads as text count, so a budget hold or a
/// context check does not treat a tool conversation as empty.
final class TokenEstimatorPartsTests: XCTestCase {
    func testATextMessageEstimatesAsItsText() {
        let text = "The quick brown fox jumps over the lazy dog. 世界"
        XCTAssertEqual(TokenEstimator.estimate(ChatMessage.user(text)), TokenEstimator.estimate(text))
        XCTAssertEqual(TokenEstimator.estimate([.user(text)]), TokenEstimator.estimate(text) + TokenEstimator.perMessageOverhead)
    }

    func testToolCallsResultsThinkingAndTextFilesCount() {
        let arguments = String(repeating: #"{"city":"Paris"}"#, count: 20)
        let call = ChatMessage(role: .assistant, parts: [.toolCall(ToolCall(id: "c", name: "weather", arguments: arguments))])
        XCTAssertEqual(TokenEstimator.estimate(call), TokenEstimator.estimate("weather" + arguments))
        let result = ChatMessage.toolResult(ToolResult(callID: "c", text: String(repeating: "sunny ", count: 50)))
        XCTAssertEqual(TokenEstimator.estimate(result), TokenEstimator.estimate(String(repeating: "sunny ", count: 50)))
        let thinking = ChatMessage(role: .assistant, parts: [.reasoning(ReasoningPart(text: "step by step")), .text("42")])
        XCTAssertEqual(TokenEstimator.estimate(thinking), TokenEstimator.estimate("step by step42"))
        let file = ChatMessage(role: .user, parts: [.document(DocumentPart(data: Data(String(repeating: "a", count: 350).utf8),
                                                                           mediaType: "text/plain"))])
        XCTAssertEqual(TokenEstimator.estimate(file), 100)
        let image = ChatMessage(role: .user, parts: [.image(ImagePart(data: Data(count: 10_000), mediaType: "image/png"))])
        XCTAssertEqual(TokenEstimator.estimate(image), 0, "an image's cost is the provider's to say")
    }

    func testAReplyOfOnlyToolCallsIsNotEstimatedAsEmpty() throws {
        let turn = TurnRequest(messages: [.user("Hi")], model: ModelRef(id: "acme/model"))
        let deployment = Deployment(provider: "p", providerModel: "m", price: Price(input: nil, output: nil))
        let endpoint = ProviderEndpoint(name: "p", wire: .openAIChat, baseURL: URL(fileURLWithPath: "/nowhere"))
        var machine = AttemptStateMachine(
            turn: turn, targets: [.init(candidate: RouteCandidate(model: "acme/model", deployment: deployment, reason: "t"),
                                        endpoint: endpoint)],
            retry: RetryPolicy(), continueOnFailure: false, maxWaitForRecovery: .seconds(1))
        let t0 = ContinuousClock.now
        _ = machine.start(recovery: nil, now: t0)
        guard case .attempt(let attempt) = machine.admission(true).action else { return XCTFail("no attempt") }
        let arguments = String(repeating: "x", count: 70)
        let progress = AttemptProgress(startedAt: t0)
        progress.received([.toolCall(ToolCallDelta(index: 0, id: "c", name: "f", arguments: arguments)),
                           .finished(reason: "tool_calls")], at: t0)
        let result = AttemptRunner.Result(progress: progress.snapshot, status: 200, error: nil, cancelled: false,
                                          startedAt: t0, endedAt: t0)
        let record = machine.record(of: result, for: attempt, startedAt: Date())
        guard case .finish(let summary) = machine.attemptEnded(result, record: record, jitter: 0).action else {
            return XCTFail("not finished")
        }
        XCTAssertTrue(summary.usageIsEstimate)
        XCTAssertEqual(summary.usage.output, TokenEstimator.estimate("f" + arguments))
    }
}
