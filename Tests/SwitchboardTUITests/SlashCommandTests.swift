import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

final class SlashCommandTests: XCTestCase {
    func testParsing() {
        XCTAssertEqual(SlashCommand(parsing: "/task code"), .task("code"))
        XCTAssertEqual(SlashCommand(parsing: "/task off"), .task(nil))
        XCTAssertEqual(SlashCommand(parsing: "/task"), .task(nil))
        XCTAssertEqual(SlashCommand(parsing: "/compare a/b, c/d e/f"), .compare(["a/b", "c/d", "e/f"]))
        XCTAssertEqual(SlashCommand(parsing: "/compare off"), .compareOff)
        XCTAssertEqual(SlashCommand(parsing: "/compare"), .compare([]))
        XCTAssertEqual(SlashCommand(parsing: "/why"), .why)
        XCTAssertEqual(SlashCommand(parsing: "/usr/bin is where"), .unknown("usr/bin"))
        XCTAssertNil(SlashCommand(parsing: "//not a command"))
        XCTAssertNil(SlashCommand(parsing: "plain text"))
        let help = HelpOverlayView.lines(for: .standard, theme: .builtinDefault).map(\.text).joined(separator: "\n")
        XCTAssertTrue(help.contains("/compare MODEL,MODEL…|off") && help.contains("/task NAME|off"), "F1 lists the commands")
    }

    func testTaskTagGoesWithEveryTurnAndToTheStore() {
        var state = Fixtures.state()
        _ = update(&state, .typeText("/task code"))
        _ = update(&state, .command(.send))
        XCTAssertEqual(state.task, "code")
        XCTAssertTrue(Fixtures.rendered(state)[0].contains("task: code"))
        let (_, effects) = Fixtures.send("write a parser", &state)
        guard case .persistUserMessage(_, _, _, _, let task, _) = effects[0], case .startTurn(_, let request, _) = effects[1] else {
            return XCTFail("\(effects.map(\.name))")
        }
        XCTAssertEqual(task, "code")
        XCTAssertEqual(request.task, "code")
        XCTAssertTrue(request.applyRules, "a task tag asks for the task rules, whatever the model")
        _ = update(&state, .engine(turn: request.id, event: .finished(Fixtures.summary(turn: request.id, text: "y")), at: Fixtures.at(1)))
        _ = update(&state, .typeText("/task off"))
        _ = update(&state, .command(.send))
        let (_, plain) = Fixtures.send("no task now", &state)
        guard case .startTurn(_, let untagged, _) = plain.last else { return XCTFail() }
        XCTAssertNil(untagged.task)
        XCTAssertFalse(untagged.applyRules, "a chosen model is used as chosen")
    }

    func testUnknownCommandsKeepTheDraftAndDoubleSlashSendsText() {
        var state = Fixtures.state()
        _ = update(&state, .typeText("/frobnicate now"))
        XCTAssertTrue(update(&state, .command(.send)).isEmpty)
        XCTAssertEqual(state.input.text, "/frobnicate now")
        XCTAssertTrue(state.status?.text.contains("unknown command /frobnicate") ?? false)
        state.input = TextEditor()
        let (_, effects) = Fixtures.send("//etc/hosts explained", &state)
        guard case .startTurn(_, let request, _) = effects.last else { return XCTFail() }
        XCTAssertEqual(request.messages.last, .user("/etc/hosts explained"))
    }

    func testCompareChecksModelsAndToggles() {
        var state = Fixtures.state()
        _ = update(&state, .typeText("/compare demo/mini,demo/prro"))
        _ = update(&state, .command(.send))
        XCTAssertTrue(state.compareModels.isEmpty)
        XCTAssertEqual(state.status?.level, .error)
        XCTAssertTrue(state.status?.text.contains("did you mean demo/pro") ?? false, state.status?.text ?? "")
        _ = update(&state, .typeText("/compare demo/mini"))
        _ = update(&state, .command(.send))
        XCTAssertTrue(state.status?.text.contains("two models or more") ?? false)
        _ = update(&state, .typeText("/compare demo/mini demo/pro"))
        _ = update(&state, .command(.send))
        XCTAssertEqual(state.compareModels, ["demo/mini", "demo/pro"])
        XCTAssertTrue(Fixtures.rendered(state)[0].contains("compare: demo/mini, demo/pro"))
        _ = update(&state, .typeText("/compare"))
        _ = update(&state, .command(.send))
        XCTAssertTrue(state.compareModels.isEmpty, "toggled off")
        _ = update(&state, .typeText("/compare"))
        _ = update(&state, .command(.send))
        XCTAssertEqual(state.compareModels, ["demo/mini", "demo/pro"], "toggled back on with the last set")
        _ = update(&state, .typeText("/compare off"))
        _ = update(&state, .command(.send))
        XCTAssertTrue(state.compareModels.isEmpty)
    }
}
