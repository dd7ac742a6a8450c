import Foundation

/// A person's (or a flag's) answer to one tool call.
public enum ToolDecision: Sendable, Hashable {
    /// Run this call.
    case runOnce
    /// Run this call and every later call of the same tool in this session without asking.
    case alwaysForTool
    /// Do not run it; the refusal (and the reason, if any) goes back to the model as the call's result.
    case refuse(reason: String?)

    public var runs: Bool { if case .refuse = self { false } else { true } }
}

/// Asks whether a call may run. The workbench asks the person; `ask` answers from `--allow-tools`.
public protocol ToolApprovalPolicy: Sendable {
    func decide(_ call: ToolCall, tool: ProvidedTool?) async -> ToolDecision
}

/// The tools a person allowed "always" in this session: asked once, then run without asking.
public actor ToolSessionApprovals {
    private var always: Set<String> = []

    public init(always: Set<String> = []) { self.always = always }

    public func isAlwaysAllowed(_ tool: String) -> Bool { always.contains(tool) }
    public func allowAlways(_ tool: String) { always.insert(tool) }
    public var alwaysAllowed: Set<String> { always }
}

/// Headless approval: the listed tools run, anything else is refused with a reason that names the flag.
public struct AllowListApproval: ToolApprovalPolicy {
    public var allowed: Set<String>
    /// Says where the list came from, in the refusal the model reads (`--allow-tools`).
    public var source: String

    public init(allowed: Set<String>, source: String) {
        self.allowed = allowed
        self.source = source
    }

    public func decide(_ call: ToolCall, tool: ProvidedTool?) async -> ToolDecision {
        allowed.contains(call.name) ? .runOnce : .refuse(reason: "\(call.name) is not in \(source)")
    }
}
