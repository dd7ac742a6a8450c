import Foundation
import SwitchboardCore
import SwitchboardStore

/// `ask --mcp --json`: the last reply's `ask --json` fields, plus `steps` (each model reply with its model,
/// cost and the calls it made: arguments, decision, result) and `tool_loop` (why it stopped, how many steps,
/// their total cost). Costs are decimal strings, as everywhere in `--json`.
struct AskMCPJSON: Encodable {
    var reply: AskJSON?
    var steps: [Step]
    var loop: Loop

    struct Loop: Encodable {
        var stop: String
        var steps: Int
        @ExplicitNull var cost: String?
    }

    struct Step: Encodable {
        var step: Int
        @ExplicitNull var model: String?
        @ExplicitNull var provider: String?
        @ExplicitNull var cost: String?
        var text: String
        var complete: Bool
        @ExplicitNull var error: String?
        var toolCalls: [Call]

        enum CodingKeys: String, CodingKey {
            case step, model, provider, cost, text, complete, error
            case toolCalls = "tool_calls"
        }
    }

    struct Call: Encodable {
        var id: String
        var name: String
        @ExplicitNull var server: String?
        var arguments: JSONValue
        /// "run", "always", "refused", or null when nobody was asked (no such tool, unreadable arguments).
        @ExplicitNull var decision: String?
        @ExplicitNull var refusal: String?
        var result: String
        var isError: Bool
        @ExplicitNull var durationMs: Int?

        enum CodingKeys: String, CodingKey {
            case id, name, server, arguments, decision, refusal, result
            case isError = "is_error", durationMs = "duration_ms"
        }
    }

    enum CodingKeys: String, CodingKey {
        case steps
        case loop = "tool_loop"
    }

    init(_ outcome: ToolLoopOutcome, pricing: AskJSON.Pricing?) {
        if let summary = outcome.last {
            reply = AskJSON(summary, pricing: pricing)
        } else if let failure = outcome.steps.last?.failure {
            reply = AskJSON(failure, pricing: pricing)
        }
        steps = outcome.steps.map { step in
            Step(step: step.number, model: step.summary?.route.model ?? step.failure?.attempts.last?.model,
                 provider: step.summary?.route.provider ?? step.failure?.attempts.last?.provider,
                 cost: step.cost?.decimalString, text: step.summary?.text ?? "", complete: step.summary?.complete ?? false,
                 error: step.summary?.error?.description ?? step.failure?.summary,
                 toolCalls: step.calls.map(Self.call))
        }
        loop = Loop(stop: Self.word(outcome.stop), steps: outcome.steps.count, cost: outcome.totalCost?.decimalString)
    }

    func encode(to encoder: any Encoder) throws {
        try reply?.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(steps, forKey: .steps)
        try container.encode(loop, forKey: .loop)
    }

    private static func call(_ record: ToolCallRecord) -> Call {
        let arguments = AskJSON.ToolCallJSON(record.call).arguments
        let decision: String? = switch record.decision {
        case .runOnce?: "run"
        case .alwaysForTool?: "always"
        case .refuse?: "refused"
        case nil: nil
        }
        var refusal: String?
        if case .refuse(let reason)? = record.decision { refusal = reason }
        return Call(id: record.call.id, name: record.call.name, server: record.server, arguments: arguments,
                    decision: decision, refusal: refusal, result: record.result.text, isError: record.result.isError,
                    durationMs: record.duration.map { Int($0.milliseconds) })
    }

    static func word(_ stop: ToolLoopStop) -> String {
        switch stop {
        case .answered: "answered"
        case .maxSteps: "max_steps"
        case .spendingCap: "spending_cap"
        case .failed: "failed"
        case .incomplete: "incomplete"
        case .cancelled: "cancelled"
        }
    }
}
