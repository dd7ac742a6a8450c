import Foundation

/// Approval by a person: each call is handed to the front end (the workbench), which shows it and answers through
/// `answer(_:with:)` when a key is pressed (y once, a always, n refuse). A call the person never answers because
/// the loop was stopped is refused, so nothing runs after Esc.
public final class PromptedApproval: ToolApprovalPolicy, @unchecked Sendable {
    /// One call waiting for a person's answer.
    public struct Request: Sendable, Hashable {
        public var id: UUID
        public var call: ToolCall
        public var server: String?

        public init(id: UUID = UUID(), call: ToolCall, server: String?) {
            self.id = id
            self.call = call
            self.server = server
        }
    }

    private let lock = NSLock()
    private var waiting: [UUID: CheckedContinuation<ToolDecision, Never>] = [:]
    private let ask: @Sendable (Request) -> Void

    /// `ask` shows the request (it is called on the loop's task; hand it on to the UI and return).
    public init(ask: @escaping @Sendable (Request) -> Void) {
        self.ask = ask
    }

    public func decide(_ call: ToolCall, tool: ProvidedTool?) async -> ToolDecision {
        let request = Request(id: UUID(), call: call, server: tool?.server)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let cancelled = lock.withLock { () -> Bool in
                    if Task.isCancelled { return true }
                    waiting[request.id] = continuation
                    return false
                }
                if cancelled {
                    continuation.resume(returning: .refuse(reason: "the person stopped the turn"))
                } else {
                    ask(request)
                }
            }
        } onCancel: {
            answer(request.id, with: .refuse(reason: "the person stopped the turn"))
        }
    }

    /// The person's answer; an unknown or already answered id does nothing.
    public func answer(_ id: UUID, with decision: ToolDecision) {
        let continuation = lock.withLock { waiting.removeValue(forKey: id) }
        continuation?.resume(returning: decision)
    }

    /// Calls still waiting for an answer.
    public var pending: Int { lock.withLock { waiting.count } }
}
