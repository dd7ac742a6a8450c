import ArgumentParser
import Foundation
import SwitchboardCore
import SwitchboardStore

/// `switchboard route --explain`: the routing decision `ask` would make for a prompt, without sending it.
struct RouteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route",
        abstract: "Show how a prompt would be routed (rules, tier, candidates, constraints, health, budget); sends nothing."
    )

    @Flag(help: "Explain the decision (the default and only mode; kept for scripts that say it).")
    var explain = false

    @Option(name: .shortAndLong, help: "Model, alias, route or auto; default as for ask.")
    var model: String?

    @Option(help: "Task tag for the task rules.")
    var task: String?

    @Option(name: .customLong("max-tokens"), help: "Reply limit, as for ask.")
    var maxTokens: Int?

    @Option(help: "The history database (health and spend come from it).")
    var db: String?

    @Flag(help: "Print the decision as JSON.")
    var json = false

    @Argument(help: "The prompt.")
    var prompt: [String] = []

    func validate() throws {
        try OptionChecks.maxTokens(maxTokens)
    }

    func run() async throws {
        let text = prompt.joined(separator: " ")
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw CLIError.usage("no prompt to route") }
        let context: AppContext
        do { context = try AppContext.load() } catch { throw CLIError.usage("\(error)") }
        defer { Task { await context.shutdown() } }
        // Read-only: explaining a route writes nothing and creates no database.
        let store = try? HistoryDatabaseFile.open(explicit: db, environment: context.environment, readOnly: true)
        let requested: ModelRef
        do { requested = try ModelRef(parsing: model ?? context.defaultModel) } catch { throw CLIError.usage("\(error)") }
        let turn = TurnRequest(messages: [.user(text)], model: requested, maxTokens: maxTokens, task: task,
                               applyRules: model == nil || AutoTiers.selector(in: requested.id) != nil)
        let decision: RouteDecision
        do { decision = try await context.makeEngine(store: store).decide(turn) } catch { throw CLIError.usage("\(error)") }
        let budget = await budgetPreview(decision, context: context, store: store, maxTokens: maxTokens)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
            var object = try JSONSerialization.jsonObject(with: encoder.encode(decision)) as? [String: Any] ?? [:]
            object["budget"] = budget ?? NSNull()
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
            Console.out(String(decoding: data, as: UTF8.self) + "\n")
        } else {
            Console.out(TerminalText.inert(decision.explanation) + "\n" + (budget.map { "budget: \($0)\n" } ?? ""))
        }
        await context.shutdown()
    }

    /// What the budget check would say now (nothing is held: this is a preview).
    private func budgetPreview(_ decision: RouteDecision, context: AppContext, store: (any HistoryDatabase)?, maxTokens: Int?) async -> String? {
        let limits = context.configuration.routing.budget
        guard !limits.isEmpty else { return nil }
        let spend = (try? await store?.currentBudgetSpend(session: nil)) ?? BudgetSpend()
        switch BudgetPolicy(limits: limits).decide(candidates: decision.candidates, promptTokens: decision.promptTokens,
                                                   maxOutputTokens: maxTokens, spend: spend) {
        case .fits(let reserve, let warnings):
            return "fits (would hold \(reserve.displayString))" + warnings.map { "; " + $0 }.joined()
        case .downgrade(let index, _, let because, _):
            return "would downgrade to candidate \(index + 1): \(because)"
        case .block(let message):
            return "would refuse: \(message)"
        }
    }
}
