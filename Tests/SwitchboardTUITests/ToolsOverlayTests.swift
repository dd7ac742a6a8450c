import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

/// `/tools`: the configured servers' tools with on/off per tool; Space turns the selected one off for later turns.
final class ToolsOverlayTests: XCTestCase {
    private func opened() -> (AppState, [Effect]) {
        var state = Fixtures.state()
        state.tools.available = true
        _ = update(&state, .typeText("/tools"))
        let effects = update(&state, .command(.send))
        return (state, effects)
    }

    private func press(_ key: Key, _ state: inout AppState) -> [Effect] {
        guard let action = KeyRouter.action(for: key, state: state, keymap: .standard) else { return [] }
        return update(&state, action)
    }

    func testToolsOpensTheListAndAsksForTheServersTools() {
        let (state, effects) = opened()
        XCTAssertEqual(state.overlays.last, .tools)
        XCTAssertEqual(effects.map(\.name), ["listTools"])
        XCTAssertEqual(ToolsOverlayView.lines(state.tools).map(\.text), ["starting the servers and listing their tools…"])
    }

    func testWithoutServersToolsSaysHowToConfigureOne() {
        var state = Fixtures.state()
        _ = update(&state, .typeText("/tools"))
        XCTAssertTrue(update(&state, .command(.send)).isEmpty)
        XCTAssertEqual(state.overlays, [])
        XCTAssertEqual(state.status?.text, "no MCP server is configured and enabled: add [mcp.NAME] to config.toml")
    }

    func testSpaceTurnsTheSelectedToolOffAndOnAndLaterTurnsAreTold() {
        var (state, _) = opened()
        _ = update(&state, .toolsListed(ToolFixtures.listed, problems: ["server \"git\": could not start uvx; its tools are left out"]))
        XCTAssertEqual(ToolsOverlayView.lines(state.tools).map(\.text), [
            "server time",
            "  [x] get_current_time — What get_current_time does.",
            "  [x] convert_time — What convert_time does.",
            "  [x] list_timezones — What list_timezones does.",
            "⚠ server \"git\": could not start uvx; its tools are left out",
        ])
        _ = press(.down, &state)
        let off = press(.char(" "), &state)
        guard case .setToolsOff(let names)? = off.first else { return XCTFail("\(off.map(\.name))") }
        XCTAssertEqual(names, ["convert_time"])
        XCTAssertEqual(ToolsOverlayView.lines(state.tools)[2].text, "  [ ] convert_time — What convert_time does.")
        guard case .setToolsOff(let again)? = press(.char(" "), &state).first else { return XCTFail("no effect") }
        XCTAssertEqual(again, [])
        _ = press(.escape, &state)
        XCTAssertEqual(state.overlays, [])
    }
}
