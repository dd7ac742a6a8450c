import Foundation

/// Joins the streamed pieces of a reply that are not plain text: thinking blocks and tool calls.
/// A value, folded by `AttemptProgress` under its lock and read once the attempt ends.
struct StreamedParts: Sendable, Hashable {
    private(set) var reasoning: [ReasoningPart] = []
    private var calls: [PendingCall] = []

    private struct PendingCall: Sendable, Hashable {
        var index: Int
        var id: String
        var name: String
        var arguments: String
        var signature: String?
    }

    var isEmpty: Bool { reasoning.isEmpty && calls.isEmpty }

    mutating func add(_ delta: ReasoningDelta) {
        if let data = delta.redactedData {
            reasoning.append(ReasoningPart(text: delta.text, redactedData: data))
            return
        }
        let open = reasoning.last.map { $0.signature == nil && !$0.redacted } ?? false
        if open {
            reasoning[reasoning.count - 1].text += delta.text
            if let signature = delta.signature { reasoning[reasoning.count - 1].signature = signature }
        } else if !delta.text.isEmpty || delta.signature != nil {
            reasoning.append(ReasoningPart(text: delta.text, signature: delta.signature))
        }
    }

    /// A piece continues the call with its index, unless it brings a different id: some servers (Ollama) send
    /// every complete call with index 0. Returns the call's position in `toolCalls`.
    @discardableResult
    mutating func add(_ delta: ToolCallDelta) -> Int {
        if let slot = calls.lastIndex(where: { $0.index == delta.index }),
           delta.id.map({ $0.isEmpty || calls[slot].id.isEmpty || $0 == calls[slot].id }) ?? true {
            if let id = delta.id, !id.isEmpty { calls[slot].id = id }
            // Some servers repeat the name on every piece; the first one names the call.
            if let name = delta.name, calls[slot].name.isEmpty { calls[slot].name = name }
            calls[slot].arguments += delta.arguments
            if let signature = delta.signature { calls[slot].signature = signature }
            return slot
        }
        calls.append(PendingCall(index: delta.index, id: delta.id ?? "", name: delta.name ?? "",
                                 arguments: delta.arguments, signature: delta.signature))
        return calls.count - 1
    }

    /// The calls in the order they began. Empty arguments read as `{}`: a call without parameters is sent back
    /// as an object. A call the provider gave no id gets one from its position, so its result can answer it.
    var toolCalls: [ToolCall] {
        calls.enumerated().map { position, call in
            ToolCall(id: call.id.isEmpty ? "call_\(position)" : call.id, name: call.name,
                     arguments: call.arguments.isEmpty ? "{}" : call.arguments, signature: call.signature)
        }
    }

    /// The thinking blocks, marked with who wrote them.
    func reasoning(origin: ReasoningOrigin) -> [ReasoningPart] {
        reasoning.map { part in
            var part = part
            part.origin = origin
            return part
        }
    }
}
