import Foundation
import SwitchboardCore

/// Rebuilds a stored session's tool steps as the live loop showed them, message by message as `resume` reads
/// them: each answered call becomes its own entry under the reply that made it (name, server, arguments, the
/// result folded, a refusal as a refusal), the loop's last reply gets `N tool steps · $X`, and every reply that
/// called tools sends its calls and their results again in later turns exactly as stored (`StoredMessage.chatMessage`,
/// what `conversation(in:)` sends), so a model switched to gets them in its own provider's shape.
struct ToolHistory {
    /// The replies since the person's last prompt: a loop's steps.
    private var replies: [(entry: Int, cost: Money?)] = []
    /// The calls of the latest reply that no stored result has answered yet.
    private var unanswered: [ToolCall] = []
    private var madeCalls = false

    /// A prompt of the person's: the loop before it has ended.
    mutating func prompt(_ transcript: inout Transcript) {
        end(&transcript)
    }

    /// A reply was shown as `entry`: it is a step of the loop under way, and sends its calls when it made some.
    mutating func reply(_ message: StoredMessage, entry: Int, _ transcript: inout Transcript) {
        replies.append((entry, message.cost))
        unanswered = message.chatMessage.toolCalls
        if !unanswered.isEmpty { transcript.setSends(of: entry, [message.chatMessage]) }
    }

    /// A `tool` message: each result shows as its call's entry, and the message is sent after the reply's.
    mutating func results(_ message: StoredMessage, _ transcript: inout Transcript) {
        let chat = message.chatMessage
        guard let reply = replies.last?.entry, !unanswered.isEmpty else {
            transcript.append(.notice(.info), text: "tool: " + message.text)  // no call of a reply here to answer
            return
        }
        transcript.appendSends(to: reply, chat)
        for result in chat.toolResults {
            guard let index = unanswered.firstIndex(where: { $0.id == result.callID }) else { continue }
            let call = unanswered.remove(at: index)
            // The call shows as its own entry, not also as "called" under the reply (as when live).
            transcript.updateReply(reply) { $0.toolCalls.removeAll { $0.id == call.id } }
            let meta = ToolCallMeta(call: call, server: result.run?.server, stage: Self.stage(of: result))
            transcript.append(.tool(meta), text: "")
            madeCalls = true
        }
    }

    /// The session's messages are all read: the last loop ends.
    mutating func end(_ transcript: inout Transcript) {
        if madeCalls, let last = replies.last?.entry {
            let known = replies.compactMap(\.cost)
            let mark = ToolStepsMark(steps: replies.count, cost: known.isEmpty ? nil : known.reduce(.zero, +))
            transcript.updateReply(last) { $0.toolSteps = mark }
        }
        replies = []
        unanswered = []
        madeCalls = false
    }

    /// Where a stored call stands: refused (with the reason), else finished, run or not.
    static func stage(of result: ToolResult) -> ToolCallMeta.Stage {
        if case .refuse(let reason) = result.run?.decision { return .refused(reason: reason) }
        // A result stored without how it was answered (an older build, another client) came from a tool that ran.
        return .finished(result, ran: result.run?.ran ?? true)
    }
}
