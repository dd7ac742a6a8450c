import Foundation
@testable import SwitchboardCore
import XCTest

/// The agent loop with a scripted provider and fake tools: what runs, what is refused, what goes back to the
/// model, and where the loop stops.
final class ToolLoopTests: XCTestCase {
    private func turn(_ tools: FakeToolProvider) throws -> TurnRequest {
        TurnRequest(messages: [.user("What time is it?")], model: try ModelRef(parsing: "acme/model@p0"),
                    options: ChatOptions(tools: tools.listed.map(\.definition)))
    }

    private func run(_ transport: ScriptedToolTransport, tools: FakeToolProvider, policy: any ToolApprovalPolicy,
                     settings: ToolSettings = ToolSettings(), approvals: ToolSessionApprovals = ToolSessionApprovals(),
                     opened: OpenedSteps = OpenedSteps()) async throws -> (ToolLoopOutcome, [ToolLoopEvent]) {
        let loop = ToolLoop(engine: try transport.engine(), provider: tools, offered: tools.listed, policy: policy,
                            approvals: approvals, settings: settings)
        var events: [ToolLoopEvent] = []
        let outcome = try await loop.run(try turn(tools), recorder: nil, nextRecorder: { _, results in
            await opened.add(results)
            return nil
        }) { events.append($0) }
        return (outcome, events)
    }

    private static let clock: FakeToolProvider.Body = { _, _ in ToolOutput(text: "12:00 UTC") }

    func testAnApprovedCallRunsAndItsResultGoesBackToTheModel() async throws {
        let transport = ScriptedToolTransport([.calls([("call_1", "get_time", #"{"tz":"UTC"}"#)]), .text("It is noon.")])
        let tools = FakeToolProvider(["get_time"], body: Self.clock)
        let opened = OpenedSteps()
        let (outcome, _) = try await run(transport, tools: tools, policy: ScriptedApproval([.runOnce]), opened: opened)
        XCTAssertEqual(outcome.stop, .answered)
        XCTAssertEqual(outcome.steps.count, 2)
        XCTAssertEqual(outcome.last?.text, "It is noon.")
        XCTAssertEqual(tools.calls, ["get_time"])
        XCTAssertEqual(outcome.steps[0].calls.map(\.result.text), ["12:00 UTC"])
        let second = try XCTUnwrap(transport.requests.last)
        XCTAssertTrue(second.contains(#""role":"tool""#) && second.contains("12:00 UTC") && second.contains("call_1"), second)
        let results = await opened.messages
        XCTAssertEqual(results.map(\.role), [.tool], "the next step is recorded with the results as its prompt")
        XCTAssertEqual(results.first?.toolResults.map(\.callID), ["call_1"])
        XCTAssertEqual(outcome.totalCost, Money(Decimal(string: "0.004") ?? 0), "two steps at $0.002")
    }

    func testARefusalAndItsReasonGoBackToTheModelAndNothingRuns() async throws {
        let transport = ScriptedToolTransport([.calls([("call_1", "get_time", "{}")]), .text("Fine.")])
        let tools = FakeToolProvider(["get_time"], body: Self.clock)
        let (outcome, _) = try await run(transport, tools: tools, policy: ScriptedApproval([.refuse(reason: "not today")]))
        XCTAssertEqual(outcome.stop, .answered)
        XCTAssertEqual(tools.calls, [])
        let record = try XCTUnwrap(outcome.steps.first?.calls.first)
        XCTAssertTrue(record.result.isError)
        XCTAssertEqual(record.decision, .refuse(reason: "not today"))
        XCTAssertFalse(record.ran)
        let second = try XCTUnwrap(transport.requests.last)
        XCTAssertTrue(second.contains("refused") && second.contains("not today"), second)
    }

    func testAlwaysRunsLaterCallsOfThatToolWithoutAskingInTheSameSession() async throws {
        let transport = ScriptedToolTransport([.calls([("c1", "get_time", "{}")]), .calls([("c2", "get_time", "{}")]),
                                               .text("Done.")])
        let tools = FakeToolProvider(["get_time"], body: Self.clock)
        let policy = ScriptedApproval([.alwaysForTool])
        let approvals = ToolSessionApprovals()
        let (outcome, _) = try await run(transport, tools: tools, policy: policy, approvals: approvals)
        XCTAssertEqual(outcome.stop, .answered)
        XCTAssertEqual(tools.calls, ["get_time", "get_time"])
        let asked = await policy.asked
        XCTAssertEqual(asked, ["get_time"], "asked once")
        let remembered = await approvals.isAlwaysAllowed("get_time")
        XCTAssertTrue(remembered)
    }

    func testTheLoopStopsAfterMaxStepsWithoutRunningTheLastCalls() async throws {
        let transport = ScriptedToolTransport([.calls([("c1", "get_time", "{}")]), .calls([("c2", "get_time", "{}")]),
                                               .calls([("c3", "get_time", "{}")]), .text("never")])
        let tools = FakeToolProvider(["get_time"], body: Self.clock)
        let (outcome, events) = try await run(transport, tools: tools, policy: AllowListApproval(allowed: ["get_time"], source: "test"),
                                              settings: ToolSettings(maxSteps: 2))
        XCTAssertEqual(outcome.stop, .maxSteps(2))
        XCTAssertEqual(transport.requests.count, 2)
        XCTAssertEqual(tools.calls.count, 1, "the second reply's call is not run")
        guard case .stopped(.maxSteps(2))? = events.last else { return XCTFail("\(String(describing: events.last))") }
    }

    func testNoStepStartsOnceTheTurnHasCostTheCap() async throws {
        let transport = ScriptedToolTransport([.calls([("c1", "get_time", "{}")]), .text("never")])
        let tools = FakeToolProvider(["get_time"], body: Self.clock)
        let cap = Decimal(string: "0.001") ?? 0
        let (outcome, _) = try await run(transport, tools: tools, policy: AllowListApproval(allowed: ["get_time"], source: "test"),
                                         settings: ToolSettings(maxTurnUSD: cap))
        XCTAssertEqual(outcome.stop, .spendingCap(spent: Money(Decimal(string: "0.002") ?? 0), cap: Money(cap)))
        XCTAssertEqual(transport.requests.count, 1)
        XCTAssertEqual(tools.calls, [], "nothing runs whose result no step could read")
    }

    func testACapAboveWhatWasSpentLetsTheLoopGoOn() async throws {
        let transport = ScriptedToolTransport([.calls([("c1", "get_time", "{}")]), .text("noon")])
        let tools = FakeToolProvider(["get_time"], body: Self.clock)
        let (outcome, _) = try await run(transport, tools: tools, policy: AllowListApproval(allowed: ["get_time"], source: "test"),
                                         settings: ToolSettings(maxTurnUSD: Decimal(string: "0.003")))
        XCTAssertEqual(outcome.stop, .answered)
    }

    func testTwoCallsFromOneReplyRunAtTheSameTime() async throws {
        let transport = ScriptedToolTransport([.calls([("c1", "city_time", #"{"city":"Paris"}"#),
                                                       ("c2", "city_time", #"{"city":"Rome"}"#)]), .text("Both.")])
        let meeting = Meeting(expected: 2)
        let tools = FakeToolProvider(["city_time"]) { _, arguments in
            // Each call waits for the other: run one after another, the first would wait out the deadline alone.
            let together = await meeting.arrive(deadline: .seconds(10))
            guard case .string(let city)? = arguments["city"] else { return ToolOutput(text: "no city", isError: true) }
            return ToolOutput(text: together ? "\(city): together" : "\(city): alone")
        }
        let started = ContinuousClock.now
        let (outcome, _) = try await run(transport, tools: tools, policy: AllowListApproval(allowed: ["city_time"], source: "test"))
        XCTAssertEqual(outcome.steps[0].calls.map(\.result.text), ["Paris: together", "Rome: together"], "results in call order")
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(10))
        let second = try XCTUnwrap(transport.requests.last)
        XCTAssertTrue(second.contains("c1") && second.contains("c2"), second)
    }

    func testMalformedArgumentsAreAnsweredWithAnErrorAndNothingRuns() async throws {
        let transport = ScriptedToolTransport([.calls([("c1", "get_time", "{not json"), ("c2", "get_time", "[1]")]),
                                               .text("Sorry.")])
        let tools = FakeToolProvider(["get_time"], body: Self.clock)
        let policy = ScriptedApproval([])
        let (outcome, _) = try await run(transport, tools: tools, policy: policy)
        XCTAssertEqual(outcome.stop, .answered)
        XCTAssertEqual(tools.calls, [])
        let asked = await policy.asked
        XCTAssertEqual(asked, [], "nobody is asked about a call that cannot run")
        let texts = outcome.steps[0].calls.map(\.result.text)
        XCTAssertTrue(texts[0].contains("not valid JSON"), texts[0])
        XCTAssertTrue(texts[1].contains("must be a JSON object, not array"), texts[1])
        XCTAssertTrue(outcome.steps[0].calls.allSatisfy(\.result.isError))
    }

    func testAToolThatThrowsGivesTheModelAnErrorNamingTheServerAndTheTurnGoesOn() async throws {
        let transport = ScriptedToolTransport([.calls([("c1", "get_time", "{}")]), .text("The clock is down.")])
        let tools = FakeToolProvider(["get_time"]) { _, _ in throw ToolCallError(server: "time", "the server exited (status 1)") }
        let (outcome, _) = try await run(transport, tools: tools, policy: AllowListApproval(allowed: ["get_time"], source: "test"))
        XCTAssertEqual(outcome.stop, .answered)
        let record = try XCTUnwrap(outcome.steps.first?.calls.first)
        XCTAssertTrue(record.result.isError)
        XCTAssertTrue(record.result.text.contains(#"server "time": the server exited (status 1)"#), record.result.text)
        XCTAssertEqual(outcome.last?.text, "The clock is down.")
    }

    func testAnUnknownToolIsAnsweredWithAnError() async throws {
        let transport = ScriptedToolTransport([.calls([("c1", "rm_rf", "{}")]), .text("ok")])
        let tools = FakeToolProvider(["get_time"], body: Self.clock)
        let (outcome, _) = try await run(transport, tools: tools, policy: ScriptedApproval([]))
        XCTAssertEqual(outcome.steps[0].calls.first?.result.text, "No tool named rm_rf is offered; nothing was run.")
        XCTAssertEqual(tools.calls, [])
    }

    func testCancellingDuringAToolCallStopsTheLoopAndKeepsTheSteps() async throws {
        let transport = ScriptedToolTransport([.calls([("c1", "slow", "{}")]), .text("never")])
        let tools = FakeToolProvider(["slow"]) { _, _ in
            try await Task.sleep(for: .seconds(30))
            return ToolOutput(text: "late")
        }
        let loop = ToolLoop(engine: try transport.engine(), provider: tools, offered: tools.listed,
                            policy: AllowListApproval(allowed: ["slow"], source: "test"))
        let first = try turn(tools)
        let task = Task { try await loop.run(first, recorder: nil, nextRecorder: { _, _ in nil }) { _ in } }
        while tools.calls.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        task.cancel()
        let outcome = try await task.value
        XCTAssertEqual(outcome.stop, .cancelled)
        XCTAssertEqual(outcome.steps.count, 1)
        XCTAssertEqual(transport.requests.count, 1, "no step after the cancel")
    }

    func testAllowListRefusesAnythingElseNamingTheFlag() async {
        let policy = AllowListApproval(allowed: ["get_time"], source: "--allow-tools")
        let allowed = await policy.decide(ToolCall(id: "1", name: "get_time", arguments: "{}"), tool: nil)
        let other = await policy.decide(ToolCall(id: "2", name: "delete", arguments: "{}"), tool: nil)
        XCTAssertEqual(allowed, .runOnce)
        XCTAssertEqual(other, .refuse(reason: "delete is not in --allow-tools"))
    }
}

actor OpenedSteps {
    private(set) var messages: [ChatMessage] = []
    func add(_ message: ChatMessage) { messages.append(message) }
}

/// Two calls meet here: each `arrive` returns true once `expected` have arrived, false if the deadline passes first.
actor Meeting {
    private let expected: Int
    private var arrived = 0
    private var waiting: [CheckedContinuation<Bool, Never>] = []

    init(expected: Int) { self.expected = expected }

    func arrive(deadline: Duration) async -> Bool {
        arrived += 1
        if arrived >= expected {
            waiting.forEach { $0.resume(returning: true) }
            waiting.removeAll()
            return true
        }
        return await withCheckedContinuation { continuation in
            waiting.append(continuation)
            Task { [weak self] in
                try? await Task.sleep(for: deadline)
                await self?.timeOut()
            }
        }
    }

    private func timeOut() {
        waiting.forEach { $0.resume(returning: false) }
        waiting.removeAll()
    }
}
