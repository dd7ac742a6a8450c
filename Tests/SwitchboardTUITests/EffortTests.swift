import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

/// `/effort off|low|medium|high|default`: the reasoning setting of the next turns, named in the title bar.
final class EffortTests: XCTestCase {
    private func command(_ line: String, _ state: inout AppState) -> [Effect] {
        _ = update(&state, .typeText(line))
        return update(&state, .command(.send))
    }

    private func request(_ effects: [Effect]) -> TurnRequest? {
        for case .startTurn(_, let request, _) in effects { return request }
        return nil
    }

    func testEachLevelSetsTheNextTurnsReasoning() {
        var state = Fixtures.state()
        XCTAssertNil(request(Fixtures.send("before", &state).1)?.options.reasoning, "the model's default")
        _ = Fixtures.completeTurn("x", answer: "y", &state)
        let levels: [(String, ReasoningSetting?)] = [("off", .off), ("low", .effort(.low)), ("medium", .effort(.medium)),
                                                     ("HIGH", .effort(.high)), ("default", nil)]
        for (word, setting) in levels {
            var state = Fixtures.state()
            XCTAssertTrue(command("/effort " + word, &state).isEmpty)
            XCTAssertEqual(state.reasoning, setting, word)
            XCTAssertEqual(state.input.text, "", "the command line is done")
            XCTAssertEqual(request(Fixtures.send("think", &state).1)?.options.reasoning, setting, word)
        }
    }

    func testEffortAloneShowsTheCurrentOne() {
        var state = Fixtures.state()
        _ = command("/effort", &state)
        XCTAssertEqual(state.status?.text, "effort: the model's default (/effort off|low|medium|high|default changes it)")
        _ = command("/effort high", &state)
        XCTAssertEqual(state.status?.text, "effort high from the next turn on")
        _ = command("/effort", &state)
        XCTAssertEqual(state.status?.text, "effort: high (/effort off|low|medium|high|default changes it)")
    }

    func testABadValueListsTheGoodOnesAndChangesNothing() {
        var state = Fixtures.state()
        _ = command("/effort low", &state)
        _ = command("/effort extreme", &state)
        XCTAssertEqual(state.reasoning, .effort(.low))
        XCTAssertEqual(state.status?.level, .warning)
        XCTAssertEqual(state.status?.text, "unknown effort “extreme”: use one of off, low, medium, high, default")
    }

    func testTheTitleBarNamesTheEffort() {
        var state = Fixtures.state(width: 120, height: 20)
        XCTAssertFalse(Fixtures.rendered(state)[0].contains("effort"))
        _ = command("/effort medium", &state)
        XCTAssertTrue(Fixtures.rendered(state)[0].hasSuffix("model: demo/mini · effort: medium · demo mode"),
                      Fixtures.rendered(state)[0])
    }
}
