import ArgumentParser
import Foundation
import SwitchboardCore

/// How a command words the help of the routing options: `ask` and `route` share the options, each says them its way.
protocol RoutingOptionsHelp {
    static var modelHelp: ArgumentHelp { get }
    static var taskHelp: ArgumentHelp { get }
    static var maxTokensHelp: ArgumentHelp { get }
}

/// The options that decide a route: `-m/--model`, `--task` and `--max-tokens`. `ask` and `route` (which shows the
/// decision `ask` would make) both take them, and build the turn from them the same way.
struct RoutingOptions<Help: RoutingOptionsHelp>: ParsableArguments {
    @Option(name: .shortAndLong, help: Help.modelHelp)
    var model: String?

    @Option(help: Help.taskHelp)
    var task: String?

    @Option(name: .customLong("max-tokens"), help: Help.maxTokensHelp)
    var maxTokens: Int?

    func validate() throws {
        try OptionChecks.maxTokens(maxTokens)
    }

    /// The model named by `--model`, else `fallback`; a name that does not parse is a usage error.
    func requestedModel(orElse fallback: String) throws -> ModelRef {
        do { return try ModelRef(parsing: model ?? fallback) } catch { throw CLIError.usage("\(error)") }
    }

    /// The turn to route: task rules may pick the model unless `--model` named one (an `auto` tier still lets them).
    func turn(_ messages: [ChatMessage], model requested: ModelRef, fallbacks: [ModelRef] = [], temperature: Double? = nil,
              sessionID: UUID? = nil) -> TurnRequest {
        TurnRequest(messages: messages, model: requested, fallbacks: fallbacks, maxTokens: maxTokens, temperature: temperature,
                    task: task, applyRules: model == nil || AutoTiers.selector(in: requested.id) != nil, sessionID: sessionID)
    }
}
