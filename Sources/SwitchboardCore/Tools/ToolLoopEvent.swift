import Foundation

/// What the tool loop tells its front end while a turn runs.
public enum ToolLoopEvent: Sendable {
    /// An engine event of step `step` (1-based): the first step is the turn itself, each later one answers tools.
    case engine(step: Int, EngineEvent)
    /// A call was approved or refused (nil: it could not be asked about, e.g. no such tool is offered).
    case decided(step: Int, ToolCall, ToolDecision?)
    /// A call's result (or refusal, or error) is ready and will go back to the model.
    case result(step: Int, ToolCallRecord)
    /// The loop ended, and why.
    case stopped(ToolLoopStop)
}

/// Why the loop ended.
public enum ToolLoopStop: Sendable, Hashable, CustomStringConvertible {
    /// The model answered without calling a tool.
    case answered
    /// `[tools] max_steps` replies were made and the last still called tools: those calls were not run.
    case maxSteps(Int)
    /// The turn's steps cost at least `[tools] max_turn_usd`: no further step was started.
    case spendingCap(spent: Money, cap: Money)
    /// A step failed (every attempt) or ended incomplete.
    case failed
    case incomplete
    /// Stopped by the person (Esc, Ctrl-C): what happened so far is kept.
    case cancelled

    public var description: String {
        switch self {
        case .answered: "answered"
        case .maxSteps(let steps): "stopped after \(steps) steps ([tools] max_steps); the last calls were not run"
        case .spendingCap(let spent, let cap):
            "stopped: this turn's steps cost \(spent), at or over the cap of \(cap) ([tools] max_turn_usd)"
        case .failed: "a step failed"
        case .incomplete: "a step ended incomplete"
        case .cancelled: "cancelled"
        }
    }
}

/// One call as it went: the decision and what went back to the model.
public struct ToolCallRecord: Sendable, Hashable {
    public var call: ToolCall
    /// The server the tool belongs to; nil when no offered tool has the name.
    public var server: String?
    /// nil when nobody was asked (no such tool, or arguments that are not a JSON object).
    public var decision: ToolDecision?
    public var result: ToolResult
    /// How long the tool ran; nil when it did not run.
    public var duration: Duration?

    public init(call: ToolCall, server: String?, decision: ToolDecision?, result: ToolResult, duration: Duration? = nil) {
        self.call = call
        self.server = server
        self.decision = decision
        self.result = result
        self.duration = duration
    }

    /// True when the tool ran (whatever it answered).
    public var ran: Bool { duration != nil }
}

/// One model reply of the loop and the calls it made.
public struct ToolStep: Sendable {
    public var number: Int
    public var turn: UUID
    /// The reply; nil when every attempt failed.
    public var summary: TurnSummary?
    public var failure: TurnFailure?
    public var calls: [ToolCallRecord]

    public var cost: Money? { summary?.cost }
}

/// How a turn with tools went: every step, and why it ended.
public struct ToolLoopOutcome: Sendable {
    public var steps: [ToolStep]
    public var stop: ToolLoopStop

    /// The steps' costs added; nil when no step has a known cost.
    public var totalCost: Money? {
        let known = steps.compactMap(\.cost)
        return known.isEmpty ? nil : known.reduce(.zero, +)
    }

    /// The last reply: the answer when the loop ended with one.
    public var last: TurnSummary? { steps.last?.summary }
}
