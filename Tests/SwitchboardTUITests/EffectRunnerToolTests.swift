import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

/// The effect runner runs a turn's tool loop when tools are configured: the call waits for the person's answer
/// given through an effect, the later step streams under its own turn, every step is recorded, and stopping the
/// loop while a call waits runs nothing.
final class EffectRunnerToolTests: XCTestCase {
    private func runner(_ transport: ToolCallingTransport, tools: ClockToolProvider, store: MemoryWorkbenchStore,
                        actions: LockedBox<[Action]>) throws -> EffectRunner {
        EffectRunner(dependencies: WorkbenchDependencies(engine: try transport.engine(), store: store,
                                                         exportDirectory: FileManager.default.temporaryDirectory,
                                                         tools: tools),
                     driver: BufferDriver()) { action in actions.mutate { $0.append(action) } }
    }

    private func waitFor<T>(_ actions: LockedBox<[Action]>, _ match: (Action) -> T?) async throws -> T {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if let found = actions.value.lazy.compactMap(match).first { return found }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw TimedOut(actions: actions.value.map { "\($0)".prefix(120) }.joined(separator: "\n"))
    }

    private struct TimedOut: Error { var actions: String }

    private func start(_ runner: EffectRunner) -> TurnRequest {
        let session = SessionRef()
        let request = TurnRequest(messages: [.user("what time is it?")], model: ModelRef(id: "acme/model"))
        runner.submit(.persistUserMessage(session: session, turn: request.id, text: "what time is it?", model: "acme/model", task: nil))
        runner.submit(.startToolTurn(session: session, request, promptTurn: request.id))
        return request
    }

    func testAnApprovedCallRunsAndTheNextStepAnswersUnderItsOwnTurn() async throws {
        let (transport, tools, store) = (ToolCallingTransport(), ClockToolProvider(), MemoryWorkbenchStore())
        let actions = LockedBox<[Action]>([])
        let runner = try runner(transport, tools: tools, store: store, actions: actions)
        let request = start(runner)
        let ask = try await waitFor(actions) { if case .tool(request.id, .ask(let ask)) = $0 { ask } else { nil } }
        XCTAssertEqual(ask.call.name, "get_current_time")
        XCTAssertEqual(tools.calls, 0, "nothing runs before the answer")
        runner.submit(.answerTool(loop: request.id, request: ask.id, .runOnce))
        let (steps, cost) = try await waitFor(actions) {
            if case .tool(request.id, .stopped(.answered, let steps, let cost)) = $0 { (steps, cost) } else { nil }
        }
        XCTAssertEqual(steps, 2)
        XCTAssertEqual(cost, Money(decimalString: "0.004"))
        XCTAssertEqual(tools.calls, 1)
        // The offered tool went to the model, and its result came back in the second request.
        XCTAssertTrue(transport.requests.first?.contains("get_current_time") ?? false)
        XCTAssertTrue(transport.requests.last?.contains("2026-12-05T19:30:00") ?? false)
        let step = try await waitFor(actions) { if case .tool(request.id, .step(2, let turn, _)) = $0 { turn } else { nil } }
        let answered = actions.value.contains {
            if case .engine(step, .finished(let summary), _) = $0 { summary.text == "It is 19:30 UTC." } else { false }
        }
        XCTAssertTrue(answered, "the second step's events arrive under its own turn")
        await runner.finish(timeout: .seconds(2))
        let begins = await store.calls.filter { $0.hasPrefix("begin") }
        XCTAssertEqual(begins.count, 2, "both steps are recorded: \(begins)")
    }

    func testAToolTurnedOffInToolsIsNotOffered() async throws {
        let (transport, tools, store) = (ToolCallingTransport(), ClockToolProvider(), MemoryWorkbenchStore())
        let actions = LockedBox<[Action]>([])
        let runner = try runner(transport, tools: tools, store: store, actions: actions)
        runner.submit(.listTools)
        let listed = try await waitFor(actions) { if case .toolsListed(let listed, _) = $0 { listed } else { nil } }
        XCTAssertEqual(listed.map(\.name), ["get_current_time"])
        runner.submit(.setToolsOff(["get_current_time"]))
        let request = start(runner)
        // The scripted model calls the tool anyway: it is not offered, so it is answered as unknown and not run.
        _ = try await waitFor(actions) { if case .tool(request.id, .stopped(_, _, _)) = $0 { true } else { nil } }
        XCTAssertFalse(transport.requests.first?.contains("get_current_time") ?? true, "not offered: \(transport.requests.first ?? "")")
        XCTAssertFalse(actions.value.contains { if case .tool(_, .ask) = $0 { true } else { false } }, "nobody is asked")
        XCTAssertEqual(tools.calls, 0)
        await runner.finish(timeout: .seconds(2))
    }

    func testQuittingWhileACallWaitsEndsTheLoopInsteadOfWaitingForAnAnswer() async throws {
        let (transport, tools, store) = (ToolCallingTransport(), ClockToolProvider(), MemoryWorkbenchStore())
        let actions = LockedBox<[Action]>([])
        let runner = try runner(transport, tools: tools, store: store, actions: actions)
        let request = start(runner)
        _ = try await waitFor(actions) { if case .tool(request.id, .ask(let ask)) = $0 { ask } else { nil } }
        let began = ContinuousClock.now
        await runner.finish(timeout: .seconds(5))
        XCTAssertLessThan(ContinuousClock.now - began, .seconds(4), "the loop stopped; the runner did not give up on it")
        XCTAssertTrue(actions.value.contains { if case .tool(request.id, .stopped(.cancelled, _, _)) = $0 { true } else { false } })
        XCTAssertEqual(tools.calls, 0)
    }

    func testStoppingWhileACallWaitsRefusesItAndRunsNothing() async throws {
        let (transport, tools, store) = (ToolCallingTransport(), ClockToolProvider(), MemoryWorkbenchStore())
        let actions = LockedBox<[Action]>([])
        let runner = try runner(transport, tools: tools, store: store, actions: actions)
        let request = start(runner)
        _ = try await waitFor(actions) { if case .tool(request.id, .ask(let ask)) = $0 { ask } else { nil } }
        runner.submit(.cancelTurn(request.id))
        let steps = try await waitFor(actions) {
            if case .tool(request.id, .stopped(.cancelled, let steps, _)) = $0 { steps } else { nil }
        }
        XCTAssertEqual(steps, 1)
        XCTAssertEqual(tools.calls, 0)
        XCTAssertEqual(transport.requests.count, 1, "no step after the stop")
        await runner.finish(timeout: .seconds(2))
        XCTAssertEqual(runner.runningTurns, [])
    }
}
