import Foundation
import SwitchboardCore

/// The tool loops running now, the calls waiting for the person's y/a/n, and where each call is shown.
public struct ToolsState: Equatable, Sendable {
    /// Running loops by their first turn's id.
    public var loops: [UUID: ToolLoopProgress] = [:]
    /// Calls waiting for an answer, first asked first; the status line asks about the first.
    public var waiting: [ToolApprovalAsk] = []
    /// The transcript entry of each call shown, by `key(loop:step:call:)`.
    var entries: [String: Int] = [:]
    /// Tools are configured: a single reply's turn offers them (compared answers do not).
    public var available = false
    /// `/tools`: what the servers offer (nil until listed), those that failed, the tools turned off, and the row
    /// selected.
    public var listed: [ProvidedTool]?
    public var problems: [String] = []
    public var off: Set<String> = []
    public var selection = 0

    public init() {}

    /// A call's key: a provider may reuse call ids from one step to the next.
    static func key(loop: UUID, step: Int, call: String) -> String { "\(loop)/\(step)/\(call)" }

    public var isRunning: Bool { !loops.isEmpty }
}

/// How far one turn's loop has gone.
public struct ToolLoopProgress: Equatable, Sendable {
    /// The step streaming or last streamed (1 is the turn itself).
    public var step = 1
    /// The reply entry of that step: the next step's calls show under it, the loop's total on its header.
    public var replyEntry: Int
    public var cancelRequested = false
}

/// One call waiting for the person.
public struct ToolApprovalAsk: Equatable, Sendable {
    public var loop: UUID
    public var request: PromptedApproval.Request

    /// The status line while it waits.
    public var prompt: String { "y run once · a always for \(request.call.name) · n refuse" }
}

/// What the effect runner tells `update` about a turn's tool loop.
public enum ToolUpdate: Sendable {
    /// The loop began (the turn offers tools).
    case started
    /// Servers that could not be reached: the turn goes on without their tools.
    case problems([String])
    /// Step `number` began as turn `turn` (its engine events follow under that id).
    case step(number: Int, turn: UUID, model: String)
    /// A call waits for y/a/n.
    case ask(PromptedApproval.Request)
    /// A call was approved, refused, or could not be asked about (nil).
    case decided(step: Int, ToolCall, server: String?, ToolDecision?)
    /// A call's result (or refusal, or error) went back to the model.
    case result(step: Int, ToolCallRecord)
    /// The step's reply called tools: its message as stored (text, thinking, calls), which later turns send.
    case replied(ChatMessage)
    /// The step's results went back to the model in this `tool` message (stored as the next step's prompt).
    case resultsSent(ChatMessage)
    /// The loop ended: why, how many steps it made and what they cost together.
    case stopped(ToolLoopStop, steps: Int, cost: Money?)
}

/// A tool call as the transcript shows it: the call, where it stands, and whether its result is unfolded.
public struct ToolCallMeta: Equatable, Sendable {
    public enum Stage: Equatable, Sendable {
        /// Waiting for y/a/n.
        case asking
        case running
        case refused(reason: String?)
        /// What went back to the model (the tool's answer, or why it was not run).
        case finished(ToolResult, ran: Bool)
    }

    public var call: ToolCall
    public var server: String?
    public var stage: Stage
    /// The result shows whole (else its first line and how many lines it has).
    public var unfolded = false

    public init(call: ToolCall, server: String?, stage: Stage) {
        self.call = call
        self.server = server
        self.stage = stage
    }
}

/// The loop's steps and their total, on the last reply's header: "3 tool steps · $0.0042".
public struct ToolStepsMark: Equatable, Sendable {
    public var steps: Int
    public var cost: Money?

    public var label: String { "\(steps) tool step\(steps == 1 ? "" : "s") · \(cost.displayString)" }
}
