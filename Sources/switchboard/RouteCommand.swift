import ArgumentParser
import Foundation
import SwitchboardCore
import SwitchboardStore

/// `switchboard route --explain`: the routing decision `ask` would make for a prompt, without sending it.
struct RouteCommand: AsyncParsableCommand, RoutingOptionsHelp, RequestOptionsHelp {
    static let configuration = CommandConfiguration(
        commandName: "route",
        abstract: "Show how a prompt would be routed (rules, tier, candidates, constraints, health, budget); sends nothing."
    )

    @Flag(help: "Explain the decision (the default and only mode; kept for scripts that say it).")
    var explain = false

    @OptionGroup var routing: RoutingOptions<RouteCommand>

    @OptionGroup var request: RequestOptions<RouteCommand>

    @Option(help: "The history database (health and spend come from it).")
    var db: String?

    @Flag(help: "Print the decision as JSON.")
    var json = false

    @Argument(help: "The prompt.")
    var prompt: [String] = []

    static let modelHelp: ArgumentHelp = "Model, alias, route or auto; default as for ask."
    static let taskHelp: ArgumentHelp = "Task tag for the task rules."
    static let maxTokensHelp: ArgumentHelp = "Reply limit, as for ask."
    static let attachHelp = ArgumentHelp("""
        A file the prompt would carry (repeatable), read and checked as ask reads it: an image needs a model with \
        vision, a PDF one that reads files.
        """, valueName: "file")
    static let schemaHelp = ArgumentHelp("""
        A JSON Schema the reply must match (a file, or the schema itself starting with {), as for ask: only models \
        with structured output are candidates.
        """, valueName: "file|json")
    static let toolsHelp = ArgumentHelp("""
        Tools to offer, as for ask (a JSON array of function definitions): only models that call tools are \
        candidates.
        """, valueName: "file")

    func run() async throws {
        let text = try OptionChecks.prompt(prompt, toWhat: "route")
        // Read as ask reads them: the same files make the same constraints, and a bad one is the same error.
        let content = try request.read()
        let context: AppContext
        do { context = try AppContext.load() } catch { throw CLIError.usage("\(error)") }
        defer { Task { await context.shutdown() } }
        // Read-only: explaining a route writes nothing and creates no database.
        let store = try? await HistoryDatabaseFile.open(explicit: db, environment: context.environment, readOnly: true)
        var turn = routing.turn([content.prompt(text)], model: try routing.requestedModel(orElse: context.defaultModel))
        content.apply(to: &turn)
        let decision: RouteDecision
        do { decision = try await context.makeEngine(store: store).decide(turn) } catch { throw CLIError.usage("\(error)") }
        let budget = await budgetPreview(decision, context: context, store: store, maxTokens: routing.maxTokens)
        if json {
            Console.out(try RouteJSON.render(decision, budget: budget))
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
