import Foundation
import SwitchboardCore
@testable import SwitchboardTUI

/// Builders shared by the TUI tests.
enum Fixtures {
    static let catalog = ModelCatalog(models: DemoProvider.models + [
        CatalogModel(id: "openai/gpt-4o-mini", name: "GPT-4o mini", deployments: [
            Deployment(provider: "openai", providerModel: "gpt-4o-mini",
                       price: Price(input: Decimal(string: "0.00000015"), output: Decimal(string: "0.0000006")),
                       contextWindow: 128_000),
        ]),
        CatalogModel(id: "mystery/model", name: "Unpriced", deployments: [
            Deployment(provider: "demo", providerModel: "mystery", price: .unknown, contextWindow: nil),
        ]),
    ])

    static var registry: ProviderRegistry {
        ProviderRegistry(endpoints: [
            ProviderEndpoint(name: "demo", wire: .demo, baseURL: URL(fileURLWithPath: "/"), apiKey: nil),
        ])
    }

    static var pickerEntries: [PickerEntry] {
        PickerEntry.build(catalog: catalog, registry: registry, aliases: ["fast": "demo/mini"])
    }

    static func state(width: Int = 120, height: Int = 40, model: String = "demo/mini", theme: Theme = .builtinDefault) -> AppState {
        var state = AppState(size: Size(width: width, height: height), model: model,
                             picker: PickerState(entries: pickerEntries), demoMode: true, theme: theme)
        state.now = ContinuousClock.now
        return state
    }

    static let start = ContinuousClock.now

    static func at(_ milliseconds: Int) -> ContinuousClock.Instant {
        start + .milliseconds(milliseconds)
    }

    static let route = RouteInfo(model: "demo/mini", provider: "demo", providerModel: "demo-mini", reason: "explicit",
                                 simulated: true)

    static func attempt(turn: UUID, outcome: AttemptRecord.Outcome = .success, provider: String = "demo",
                        cost: Money? = Money(Decimal(string: "0.0001") ?? 0)) -> AttemptRecord {
        AttemptRecord(turnID: turn, ordinal: 1, model: "demo/mini", provider: provider, providerModel: "demo-mini",
                      reason: "explicit", outcome: outcome, startedAt: Date(timeIntervalSince1970: 0),
                      ttft: .milliseconds(150), duration: .milliseconds(900), usage: Usage(input: 20, output: 100),
                      cost: cost)
    }

    static func summary(turn: UUID, text: String, cost: Money? = Money(Decimal(string: "0.0001") ?? 0),
                        complete: Bool = true, cancelled: Bool = false) -> TurnSummary {
        let record = attempt(turn: turn, outcome: cancelled ? .cancelled : .success, cost: cost)
        return TurnSummary(route: route, text: text, usage: Usage(input: 20, output: 100), usageIsEstimate: false,
                           cost: cost, reportedCost: nil, ttft: .milliseconds(150), duration: .milliseconds(900),
                           complete: complete, finishReason: complete ? "stop" : nil, error: nil,
                           cancelled: cancelled, attempts: [record])
    }

    /// Types `text` into the input and sends it; returns the turn id and the effects.
    static func send(_ text: String, _ state: inout AppState) -> (UUID, [Effect]) {
        _ = update(&state, .typeText(text))
        let effects = update(&state, .command(.send))
        return (state.turn?.id ?? UUID(), effects)
    }

    /// Runs a whole demo-like turn: routed, deltas, finished.
    static func completeTurn(_ prompt: String, answer: String, cost: Money? = Money(Decimal(string: "0.0001") ?? 0),
                             _ state: inout AppState) -> [Effect] {
        let (turn, _) = send(prompt, &state)
        var effects = update(&state, .engine(turn: turn, event: .routed(route, attempt: 1), at: at(0)))
        effects += update(&state, .engine(turn: turn, event: .delta(answer), at: at(100)))
        effects += update(&state, .engine(turn: turn, event: .finished(summary(turn: turn, text: answer, cost: cost)), at: at(200)))
        return effects
    }

    /// Sends `prompt` in compare mode to `models` and streams `answers` (one per model) to the end, or only to
    /// the first token when `finish` is false. Returns the turn ids, in column order.
    @discardableResult
    static func compare(_ prompt: String, models: [String], answers: [String], finish: Bool = true,
                        _ state: inout AppState) -> [UUID] {
        _ = update(&state, .typeText("/compare " + models.joined(separator: ",")))
        _ = update(&state, .command(.send))
        _ = update(&state, .typeText(prompt))
        _ = update(&state, .command(.send))
        let turns = state.turns.map(\.id)
        for (index, (turn, answer)) in zip(turns, answers).enumerated() {
            let route = RouteInfo(model: models[index], provider: "demo", providerModel: models[index], reason: "explicit",
                                  simulated: true)
            _ = update(&state, .engine(turn: turn, event: .routed(route, attempt: 1), at: at(0)))
            _ = update(&state, .engine(turn: turn, event: .delta(answer), at: at(100 + index)))
            guard finish else { continue }
            var done = summary(turn: turn, text: answer)
            done.route = route
            _ = update(&state, .engine(turn: turn, event: .finished(done), at: at(300 + index)))
        }
        return turns
    }

    static func rendered(_ state: AppState) -> [String] {
        WorkbenchView.render(state).lines()
    }

    /// Draws a frame the way the app loop does, so the conversation pane carries out the scroll moves asked for;
    /// returns where the conversation is scrolled then (nil: following the end).
    @discardableResult
    static func settledScroll(_ state: inout AppState) -> ScrollAnchor? {
        _ = WorkbenchView.render(&state)
        return state.conversationView.anchor
    }
}

extension Effect {
    /// A short name for asserting which effects came out.
    var name: String {
        switch self {
        case .persistUserMessage: "persistUserMessage"
        case .startTurn: "startTurn"
        case .startToolTurn: "startToolTurn"
        case .startCompaction: "startCompaction"
        case .cancelTurn: "cancelTurn"
        case .answerTool: "answerTool"
        case .listTools: "listTools"
        case .setToolsOff: "setToolsOff"
        case .persistEditedPrompt: "persistEditedPrompt"
        case .startRegeneration: "startRegeneration"
        case .moveHead: "moveHead"
        case .openColumns: "openColumns"
        case .loadTree: "loadTree"
        case .readAttachment: "readAttachment"
        case .loadRoute: "loadRoute"
        case .persistRole: "persistRole"
        case .chooseReply: "chooseReply"
        case .refreshHealth: "refreshHealth"
        case .listSessions: "listSessions"
        case .searchSessions: "searchSessions"
        case .loadSession: "loadSession"
        case .renameSession: "renameSession"
        case .deleteSession: "deleteSession"
        case .exportSession: "exportSession"
        case .refreshSpend: "refreshSpend"
        case .refreshModelStats: "refreshModelStats"
        case .copyToClipboard: "copyToClipboard"
        case .repaint: "repaint"
        case .quit: "quit"
        }
    }
}
