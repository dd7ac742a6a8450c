import Foundation
import SwitchboardCore
@testable import SwitchboardTUI

/// A turn whose tool loop is under way, driven through `update` the way the effect runner drives it.
enum ToolFixtures {
    static let call = ToolCall(id: "call_1", name: "get_current_time", arguments: #"{"timezone":"UTC"}"#)

    /// Three tools of the `time` server, as `/tools` lists them.
    static let listed: [ProvidedTool] = ["get_current_time", "convert_time", "list_timezones"].compactMap { name in
        (try? JSONText(#"{"type":"object"}"#)).map {
            ProvidedTool(server: "time", definition: ToolDefinition(name: name, description: "What \(name) does.\nMore.", parameters: $0))
        }
    }

    /// Sends a prompt; its first step is a reply that calls `call`, and the loop asks about it.
    /// Returns the loop's id and the request waiting for y/a/n.
    @discardableResult
    static func waitingCall(_ state: inout AppState, call: ToolCall = ToolFixtures.call)
        -> (loop: UUID, request: PromptedApproval.Request) {
        let (loop, _) = Fixtures.send("what time is it?", &state)
        _ = update(&state, .tool(turn: loop, .started))
        _ = update(&state, .engine(turn: loop, event: .routed(Fixtures.route, attempt: 1), at: Fixtures.at(0)))
        var summary = Fixtures.summary(turn: loop, text: "")
        summary.toolCalls = [call]
        _ = update(&state, .engine(turn: loop, event: .finished(summary), at: Fixtures.at(100)))
        let request = PromptedApproval.Request(call: call, server: "time")
        _ = update(&state, .tool(turn: loop, .ask(request)))
        return (loop, request)
    }

    /// The tool ran and answered `text`.
    static func ran(_ call: ToolCall, text: String, decision: ToolDecision = .runOnce) -> ToolCallRecord {
        ToolCallRecord(call: call, server: "time", decision: decision,
                       result: ToolResult(callID: call.id, text: text, name: call.name), duration: .milliseconds(12))
    }

    /// The tool entries in the transcript, in order.
    static func toolEntries(_ state: AppState) -> [ToolCallMeta] {
        state.transcript.entries.compactMap { if case .tool(let meta) = $0.kind { meta } else { nil } }
    }
}
