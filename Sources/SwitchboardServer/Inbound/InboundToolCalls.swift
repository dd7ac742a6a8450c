import Foundation
import SwitchboardCore

/// The tool calls of one streamed answer as a wire encoder passes them on in pieces: each call's place on the
/// wire (its `slot`), its id and name, and its arguments so far. Shared by the Chat Completions, Messages and
/// Responses encoders so all three number and name calls the same way.
///
/// The engine numbers calls by their position in one attempt's reply; an answer that broke and was carried on
/// by another attempt (`continue_on_failure`) numbers from 0 again, so slots go on after the earlier attempt's
/// calls and a client never joins two calls into one.
struct InboundToolCalls: Sendable {
    struct Call: Sendable {
        var slot: Int
        var id: String
        var name: String
        var arguments: String
        /// Its id and name were sent; until then its arguments wait (a call is only opened once it is named).
        var opened = false
    }

    /// What to send for a piece: open a call (id and name), then add argument text to it.
    enum Step: Equatable, Sendable {
        case open(slot: Int, id: String, name: String)
        case arguments(slot: Int, String)
    }

    private(set) var calls: [Call] = []
    /// Slots taken by earlier attempts.
    private var base = 0

    /// The steps for one piece from the engine. A call with no name yet is held back, its arguments with it.
    mutating func take(_ delta: ToolCallDelta) -> [Step] {
        let slot = base + delta.index
        while calls.count <= slot {
            // The id the engine gives a call that arrived without one (`StreamedParts.toolCalls`).
            calls.append(Call(slot: calls.count, id: "call_\(calls.count - base)", name: "", arguments: ""))
        }
        var call = calls[slot]
        if let id = delta.id, !id.isEmpty, !call.opened { call.id = id }
        if let name = delta.name, !name.isEmpty, call.name.isEmpty { call.name = name }
        call.arguments += delta.arguments
        var steps: [Step] = []
        if call.opened {
            if !delta.arguments.isEmpty { steps.append(.arguments(slot: slot, delta.arguments)) }
        } else if !call.name.isEmpty {
            call.opened = true
            steps.append(.open(slot: slot, id: call.id, name: call.name))
            if !call.arguments.isEmpty { steps.append(.arguments(slot: slot, call.arguments)) }
        }
        calls[slot] = call
        return steps
    }

    /// An attempt ended without finishing the answer: the next one's calls take new slots.
    mutating func attemptEnded() {
        base = calls.count
    }

    /// The finished turn's calls with the slot each has, and whether it was opened while streaming.
    func final(_ summary: TurnSummary) -> [(slot: Int, call: ToolCall, streamed: Bool)] {
        summary.toolCalls.enumerated().map { position, call in
            let slot = base + position
            return (slot, call, slot < calls.count && calls[slot].opened)
        }
    }

    /// The finished turn's calls that were never opened while streaming, with the slot each takes: they go out
    /// whole at the end. (Normally none: every call streams its pieces.)
    func unstreamed(_ summary: TurnSummary) -> [(slot: Int, call: ToolCall)] {
        final(summary).filter { !$0.streamed }.map { ($0.slot, $0.call) }
    }

    /// The opened calls of this attempt that got no argument text: a call without parameters, which the
    /// recorded reply (and the non-streamed answer) gives as `{}`.
    var openedWithoutArguments: [Int] {
        calls[base...].filter { $0.opened && $0.arguments.isEmpty }.map(\.slot)
    }

    func arguments(slot: Int) -> String {
        slot < calls.count ? calls[slot].arguments : ""
    }

    /// True when the call's arguments so far are a whole JSON value: no more pieces are expected for it, so a
    /// wire that shows one call at a time may close it when the next begins.
    func isWhole(slot: Int) -> Bool {
        guard slot < calls.count, !calls[slot].arguments.isEmpty else { return false }
        return (try? JSONValue(parsing: calls[slot].arguments)) != nil
    }
}
