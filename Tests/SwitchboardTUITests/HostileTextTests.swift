import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

/// Text from a model, the keyboard, a paste or an imported archive may carry controls that would steer the
/// terminal (bidi overrides reorder what follows; C0/C1 start escape sequences). Whatever pane shows it, the screen
/// buffer must hold only their visible stand-ins.
final class HostileTextTests: XCTestCase {
    /// Bidi embeddings, overrides and isolates, and C0/C1/DEL controls, each between letters.
    static let hostile = "A\u{202E}B\u{2066}C\u{202C}D\u{2069}E\u{202A}F\u{1B}[2JG\u{9B}H\u{7}I\u{7F}J\u{85}K"

    /// Every scalar in the buffer that would act on the terminal instead of being shown.
    private func controls(in buffer: ScreenBuffer) -> [String] {
        var found: [String] = []
        for cell in buffer.cells {
            for scalar in cell.text.unicodeScalars where TerminalText.standIn(for: scalar) != nil {
                found.append(String(format: "U+%04X", scalar.value))
            }
        }
        return found
    }

    private func assertClean(_ state: AppState, _ pane: String, mustShow: String = "A�B",
                             file: StaticString = #filePath, line: UInt = #line) {
        let buffer = WorkbenchView.render(state)
        XCTAssertEqual(controls(in: buffer), [], "\(pane) drew a control raw", file: file, line: line)
        XCTAssertTrue(buffer.text.contains(mustShow), "\(pane) shows the hostile text:\n\(buffer.text)", file: file, line: line)
    }

    func testTheBufferNeverHoldsAControlWhateverTextIsPut() {
        var buffer = ScreenBuffer(size: Size(width: 80, height: 2))
        buffer.put(Self.hostile, x: 0, y: 0, style: .plain)
        buffer.put(StyledLine([StyledRun(Self.hostile, .plain)]), x: 0, y: 1, width: 80)
        XCTAssertEqual(controls(in: buffer), [])
        XCTAssertEqual(buffer.lines()[0], "A�B�C�D�E�F␛[2JG�H␇I␡J�K")
        XCTAssertEqual(TextWidth.width(of: "\u{202E}"), 1, "a stand-in takes the column it is drawn in")
    }

    func testConversationInputAndStatusBar() {
        var state = Fixtures.state()
        _ = Fixtures.completeTurn("ask " + Self.hostile, answer: "reply " + Self.hostile, &state)
        assertClean(state, "the conversation", mustShow: "reply A�B")
        assertClean(state, "the conversation", mustShow: "ask A�B")
        _ = update(&state, .typeText(Self.hostile))
        _ = update(&state, .paste("\n" + Self.hostile))
        assertClean(state, "the input box")
        Updates.setStatus("status " + Self.hostile, .error, &state)
        assertClean(state, "the status bar", mustShow: "status A�B")
    }

    func testImportedHistoryInTheConversationAndTheBrowser() {
        var state = Fixtures.state()
        _ = update(&state, .sessionLoaded(LoadedSession(id: "s1", title: "title " + Self.hostile, model: "demo/mini", messages: [
            StoredMessage(role: .user, text: "old " + Self.hostile),
            StoredMessage(role: .assistant, text: "older " + Self.hostile, model: "demo/\u{202E}mini", provider: "demo"),
        ])))
        assertClean(state, "a resumed session", mustShow: "older A�B")
        _ = update(&state, .command(.openHistory))
        var row = SessionSummary(id: "s1", title: "title " + Self.hostile, updatedAt: Date(), models: ["m\u{2066}x"],
                                 cost: .unknown, messageCount: 2)
        row.snippet = "snip " + Self.hostile
        _ = update(&state, .sessionsLoaded(generation: state.history.generation, [row]))
        assertClean(state, "the history browser", mustShow: "title A�B")
        _ = update(&state, .typeText(Self.hostile))
        assertClean(state, "the history search")
    }

    func testCompareColumns() {
        var state = Fixtures.state()
        Fixtures.compare("which " + Self.hostile, models: ["demo/mini", "demo/pro"],
                         answers: ["left " + Self.hostile, "right " + Self.hostile], &state)
        assertClean(state, "the compare columns")
    }

    func testPickerAndSidebar() {
        let entries = PickerEntry.build(
            catalog: ModelCatalog(models: DemoProvider.models + [
                CatalogModel(id: "evil/\u{202E}model", name: "Evil \u{2066}name", deployments: [
                    Deployment(provider: "demo", providerModel: "e\u{202E}vil", price: .unknown, contextWindow: nil),
                ]),
            ]),
            registry: Fixtures.registry, aliases: [:])
        var state = AppState(size: Size(width: 120, height: 40), model: "evil/\u{202E}model",
                             picker: PickerState(entries: entries), demoMode: true, theme: .builtinDefault)
        assertClean(state, "the sidebar", mustShow: "evil/�model")
        _ = update(&state, .command(.openPicker))
        assertClean(state, "the picker", mustShow: "evil/�model")
        _ = update(&state, .typeText("\u{2066}zz"))
        assertClean(state, "the picker filter", mustShow: "�zz")
    }

    func testWhyOverlay() {
        var state = Fixtures.state()
        let (turn, _) = Fixtures.send("hello", &state)
        let decision = RouteDecision(
            requested: "demo/\u{202E}mini",
            candidates: [RouteCandidate(model: "demo/mini", deployment: Deployment(provider: "demo", providerModel: "demo-mini",
                                                                                  price: .unknown, simulated: true),
                                        reason: "why " + Self.hostile)],
            rejected: [], notes: ["note " + Self.hostile], difficulty: nil, promptTokens: 12)
        _ = update(&state, .engine(turn: turn, event: .planned(decision), at: Fixtures.at(0)))
        _ = update(&state, .engine(turn: turn, event: .finished(Fixtures.summary(turn: turn, text: "hi")), at: Fixtures.at(1)))
        _ = update(&state, .command(.showWhy))
        assertClean(state, "the why overlay", mustShow: "note A�B")
    }
}
