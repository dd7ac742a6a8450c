import Foundation

/// The agent loop every front end runs for a turn that offers tools: a reply's calls are approved (or refused),
/// the approved ones run at the same time, their results go back to the model, and the next reply is asked for
/// through the engine and a recorder of its own, until the model answers without calling a tool, `max_steps`
/// replies were made, or the turn's steps have cost `max_turn_usd`. Cancelling the task that runs it stops it
/// where it is; every step so far stays recorded.
public struct ToolLoop: Sendable {
    /// Opens the recorder of a later step: its prompt is the tool message with the previous step's results.
    /// nil records nothing (no history).
    public typealias StepRecorder = @Sendable (_ turn: TurnRequest, _ results: ChatMessage) async throws -> TurnRecorder?

    public let engine: RoutingEngine
    public let provider: any ToolProvider
    /// The tools offered in this turn (the turn's `options.tools` are theirs), to name a call's server.
    public let offered: [ProvidedTool]
    public let policy: any ToolApprovalPolicy
    public let approvals: ToolSessionApprovals
    public let settings: ToolSettings
    public let clock: any EngineClock

    public init(engine: RoutingEngine, provider: any ToolProvider, offered: [ProvidedTool], policy: any ToolApprovalPolicy,
                approvals: ToolSessionApprovals = ToolSessionApprovals(), settings: ToolSettings = ToolSettings(),
                clock: any EngineClock = SystemClock()) {
        self.engine = engine
        self.provider = provider
        self.offered = offered
        self.policy = policy
        self.approvals = approvals
        self.settings = settings
        self.clock = clock
    }

    /// Runs `first` (whose recorder, if any, has begun) and every step after it.
    public func run(_ first: TurnRequest, recorder: TurnRecorder?, nextRecorder: StepRecorder,
                    each: (ToolLoopEvent) async -> Void) async throws -> ToolLoopOutcome {
        var turn = first
        var stepRecorder = recorder
        var steps: [ToolStep] = []
        var spent = Money.zero
        while true {
            let number = steps.count + 1
            var step = ToolStep(number: number, turn: turn.id, summary: nil, failure: nil, calls: [])
            try await TurnRecorder.run(turn, on: engine, recorder: stepRecorder) { event in
                switch event {
                case .finished(let summary): step.summary = summary
                case .failed(let failure): step.failure = failure
                default: break
                }
                await each(.engine(step: number, event))
            }
            steps.append(step)
            guard let summary = step.summary else { return await stop(.failed, steps, each) }
            if summary.cancelled || Task.isCancelled { return await stop(.cancelled, steps, each) }
            guard summary.complete else { return await stop(.incomplete, steps, each) }
            guard !summary.toolCalls.isEmpty else { return await stop(.answered, steps, each) }
            spent += summary.cost ?? .zero
            if number >= settings.maxSteps { return await stop(.maxSteps(number), steps, each) }
            if let cap = settings.maxTurnUSD.map(Money.init), spent >= cap {
                return await stop(.spendingCap(spent: spent, cap: cap), steps, each)
            }

            let records = await answer(summary.toolCalls, step: number, each: each)
            steps[steps.count - 1].calls = records
            if Task.isCancelled { return await stop(.cancelled, steps, each) }
            let results = ChatMessage(role: .tool, parts: records.map { .toolResult($0.sentResult) })
            var next = turn
            next.id = UUID()
            next.messages = turn.messages + [summary.message, results]
            stepRecorder = try await nextRecorder(next, results)
            turn = next
        }
    }

    private func stop(_ reason: ToolLoopStop, _ steps: [ToolStep],
                      _ each: (ToolLoopEvent) async -> Void) async -> ToolLoopOutcome {
        await each(.stopped(reason))
        return ToolLoopOutcome(steps: steps, stop: reason)
    }

    /// Asks about each call in order (a person answers one at a time), then runs the approved ones together.
    /// Results come back in the calls' order, whatever order they finish in.
    func answer(_ calls: [ToolCall], step: Int, each: (ToolLoopEvent) async -> Void) async -> [ToolCallRecord] {
        var records: [ToolCallRecord?] = Array(repeating: nil, count: calls.count)
        var approved: [(index: Int, call: ToolCall, arguments: [String: JSONValue], tool: ProvidedTool, decision: ToolDecision)] = []
        for (index, call) in calls.enumerated() {
            guard let tool = offered.first(where: { $0.name == call.name }) else {
                let record = ToolCallRecord(call: call, server: nil, decision: nil, result: ToolResult(
                    callID: call.id, text: "No tool named \(call.name) is offered; nothing was run.", isError: true, name: call.name))
                await each(.decided(step: step, call, nil))
                records[index] = record
                continue
            }
            let arguments: [String: JSONValue]
            do { arguments = try Self.arguments(of: call) } catch {
                let record = ToolCallRecord(call: call, server: tool.server, decision: nil, result: ToolResult(
                    callID: call.id, text: "\(error); nothing was run.", isError: true, name: call.name))
                await each(.decided(step: step, call, nil))
                records[index] = record
                continue
            }
            let decision: ToolDecision
            if await approvals.isAlwaysAllowed(call.name) {
                decision = .runOnce
            } else {
                decision = await policy.decide(call, tool: tool)
                if decision == .alwaysForTool { await approvals.allowAlways(call.name) }
            }
            await each(.decided(step: step, call, decision))
            if case .refuse(let reason) = decision {
                let why = reason.map { " Reason: \($0)" } ?? ""
                records[index] = ToolCallRecord(call: call, server: tool.server, decision: decision, result: ToolResult(
                    callID: call.id, text: "The user refused this call; it was not run.\(why)", isError: true, name: call.name))
            } else {
                approved.append((index, call, arguments, tool, decision))
            }
            // A person who stopped the loop while being asked is not asked again.
            if Task.isCancelled { break }
        }
        let provider = self.provider
        let clock = self.clock
        await withTaskGroup(of: (Int, ToolCallRecord).self) { group in
            for (index, call, arguments, tool, decision) in approved {
                group.addTask {
                    let start = clock.now
                    let result: ToolResult
                    do {
                        let output = try await provider.call(call.name, arguments: arguments)
                        result = ToolResult(callID: call.id, content: output.content, isError: output.isError, name: call.name)
                    } catch {
                        result = ToolResult(callID: call.id, text: "The tool could not be run: \(error)", isError: true, name: call.name)
                    }
                    let record = ToolCallRecord(call: call, server: tool.server, decision: decision, result: result,
                                                duration: start.duration(to: clock.now))
                    return (index, record)
                }
            }
            for await (index, record) in group {
                records[index] = record
                await each(.result(step: step, record))
            }
        }
        // Refusals and errors are reported once every call is settled, in order, after the ones that ran.
        var settled: [ToolCallRecord] = []
        for (index, record) in records.enumerated() {
            if let record {
                if !record.ran { await each(.result(step: step, record)) }
                settled.append(record)
            } else {
                // Cancelled before it could run: the model is told, so the history stays answerable.
                let call = calls[index]
                settled.append(ToolCallRecord(call: call, server: offered.first { $0.name == call.name }?.server,
                                              decision: nil, result: ToolResult(callID: call.id, text: "Cancelled before it ran.",
                                                                                isError: true, name: call.name)))
            }
        }
        return settled
    }

    /// The call's arguments as an object; an empty string is no arguments. Anything else is an error the model
    /// reads, so it can write the call again.
    static func arguments(of call: ToolCall) throws -> [String: JSONValue] {
        let text = call.arguments.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return [:] }
        guard let value = try? JSONValue(parsing: text) else {
            throw ToolCallError(server: nil, "The arguments of \(call.name) are not valid JSON")
        }
        guard case .object(let object) = value else {
            throw ToolCallError(server: nil, "The arguments of \(call.name) must be a JSON object, not \(value.schemaType)")
        }
        return object
    }
}
