import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

/// Every key the help lists must do something where the help says it works.
final class KeymapTests: XCTestCase {
    /// A lived-in state: a long conversation with code blocks, scrolled up a little, three lines in the input
    /// with the cursor mid-way, earlier prompts to recall.
    static func richState(width: Int = 120) -> AppState {
        var state = Fixtures.state(width: width)
        for index in 1...6 {
            let answer = "Answer \(index)\n\n```swift\nlet value = \(index)\n```\n" + String(repeating: "More words here. ", count: 30)
            _ = Fixtures.completeTurn("question \(index)", answer: answer, &state)
        }
        // The latest reply thought first, so the thinking keys have a block to fold and unfold.
        let (thinking, _) = Fixtures.send("think first", &state)
        _ = update(&state, .engine(turn: thinking, event: .reasoning("Let me think."), at: Fixtures.at(50)))
        _ = update(&state, .engine(turn: thinking, event: .finished(Fixtures.summary(turn: thinking, text: "Thought.")),
                                   at: Fixtures.at(200)))
        _ = update(&state, .command(.scrollUp))
        for _ in 0..<10 { _ = update(&state, .command(.scrollUp)) }
        state.focus = .input
        state.input = TextEditor("first line\nsecond line\nthird")
        _ = state.input.moveUp()
        state.input.moveLeft()
        state.input.moveLeft()
        return state
    }

    static func state(for binding: KeyBinding) -> AppState {
        var state = richState()
        switch binding.scope {
        case .global:
            state.focus = .transcript
            if binding.when != .inputNotEmpty { state.input = TextEditor() }
        case .input:
            state.focus = .input
        case .transcript:
            state.focus = .transcript
        case .picker:
            state.focus = .picker
            _ = update(&state, .typeText("demo"))
            state.picker.move(by: 1)
        case .history:
            state.overlays = [.history]
            state.history.sessions = (1...3).map {
                SessionSummary(id: "s\($0)", title: "Session \($0)", updatedAt: Date(), models: ["demo/mini"],
                               cost: .known(.zero, moreUnknown: false), messageCount: 2)
            }
            state.history.selection = 1
            if binding.when == .historySearching {
                state.history.mode = .search
                state.history.query = "abc"
            }
        case .help:
            state.overlays = [.help]
            state.helpScroll = 2
        case .prompt:
            state.overlays = [.prompt(PromptState(purpose: .rename(sessionID: "s1"), title: "Rename", text: "New title"))]
        case .confirm:
            state.overlays = [.confirm(ConfirmState(purpose: .deleteSession(id: "s1"), question: "Delete?"))]
        case .compare:
            state.input = TextEditor()
            let long = String(repeating: "A long compared answer line. ", count: 60)
            Fixtures.compare("compare this", models: ["demo/mini", "demo/pro", "fast"], answers: [long, long, long], &state)
            state.transcript.comparison?.selection = 1
            state.conversationView.scrollComparison(.top)
            state.conversationView.scrollComparison(.lines(2))
            Fixtures.settledScroll(&state)
        case .tools:
            state.input = TextEditor()
            state.tools.available = true
            _ = update(&state, .typeText("/tools"))
            _ = update(&state, .command(.send))
            _ = update(&state, .toolsListed(ToolFixtures.listed, problems: []))
            state.tools.selection = 1  // so Up and Down both move
        case .tree:
            state = TreeFixture.resumed(regenerated: true, into: Fixtures.state(width: 120))
            _ = update(&state, .typeText("/tree"))
            state.focus = .input
            _ = update(&state, .command(.send))
            _ = update(&state, .command(.selectPrevious))
        case .why:
            state.input = TextEditor()
            let turn = Fixtures.send("why?", &state).0
            let plan = RouteDecision(requested: "demo/mini", candidates: [], rejected: [], notes: Array(repeating: "a step", count: 80),
                                     difficulty: nil, promptTokens: 3)
            _ = update(&state, .engine(turn: turn, event: .planned(plan), at: Fixtures.at(0)))
            _ = update(&state, .engine(turn: turn, event: .finished(Fixtures.summary(turn: turn, text: "because")), at: Fixtures.at(1)))
            _ = update(&state, .command(.showWhy))
            _ = update(&state, .command(.scrollDown))
            _ = update(&state, .command(.scrollDown))
        }
        if binding.when == .attachmentsPending {
            state.attachments = [Attachment(name: "shot.png", size: 2048, part: .image(ImagePart(data: Data([1]), mediaType: "image/png")))]
        }
        if binding.when == .toolApproval {
            state.input = TextEditor()
            ToolFixtures.waitingCall(&state)
        }
        if binding.when == .streaming {
            let (turn, _) = Fixtures.send("one more", &state)
            _ = update(&state, .engine(turn: turn, event: .routed(Fixtures.route, attempt: 1), at: Fixtures.at(0)))
            if binding.scope == .global { state.focus = .transcript }
        }
        return state
    }

    static func fingerprint(_ state: AppState) -> String {
        // Where the panes land once drawn, not the moves asked for: a move that changes nothing does nothing.
        var settled = state
        let screen = WorkbenchView.render(&settled).text
        let scroll = "\(String(describing: settled.conversationView.anchor)) \(String(describing: settled.conversationView.compareTop))"
        return [screen, "\(state.focus)", "\(state.overlays)", state.model, scroll,
         "\(state.input)", "\(state.picker.selection)", state.picker.filter, "\(state.history.mode)",
         "\(state.history.selection)", state.history.query, "\(state.helpScroll)",
         "\(String(describing: state.turn?.cancelRequested))", "\(state.quitRequested)", "\(state.transcript.count)",
         "\(String(describing: state.selectedReply))", "\(String(describing: state.transcript.comparison))"]
            .joined(separator: "|")
    }

    func testEveryBoundKeyDispatchesItsCommandAndDoesSomething() {
        for binding in Keymap.standard.bindings {
            for key in binding.keys {
                var state = Self.state(for: binding)
                XCTAssertTrue(binding.when.holds(in: state), "\(key.label) in \(binding.scope): condition \(binding.when) not set up")
                let action = KeyRouter.action(for: key, state: state, keymap: .standard)
                guard case .command(let command) = action else {
                    XCTFail("\(key.label) in \(binding.scope) gave \(String(describing: action)), not \(binding.command)")
                    continue
                }
                XCTAssertEqual(command, binding.command, "\(key.label) in \(binding.scope)")
                let before = Self.fingerprint(state)
                let effects = update(&state, .command(command))
                XCTAssertTrue(!effects.isEmpty || Self.fingerprint(state) != before,
                              "\(key.label) (\(binding.help)) in \(binding.scope) changed nothing")
            }
        }
    }

    func testHelpListsEveryBinding() {
        let help = HelpOverlayView.standardText
        for binding in Keymap.standard.bindings {
            XCTAssertTrue(help.contains(binding.keyLabel), binding.keyLabel)
            XCTAssertTrue(help.contains(binding.help), binding.help)
        }
    }

    func testHintsFollowTheFocusAndTheState() {
        var state = Fixtures.state()
        let idle = Keymap.standard.hints(for: KeyRouter.scopes(for: state), state: state).map(\.label)
        XCTAssertEqual(Array(idle.prefix(2)), ["send", "newline"])
        XCTAssertTrue(idle.contains("quit"))
        _ = Fixtures.send("hi", &state)
        let streaming = Keymap.standard.hints(for: KeyRouter.scopes(for: state), state: state).map(\.label)
        XCTAssertTrue(streaming.contains("cancel"))
        XCTAssertFalse(streaming.contains("quit"))
        state.overlays = [.history]
        let history = Keymap.standard.hints(for: KeyRouter.scopes(for: state), state: state).map(\.label)
        XCTAssertEqual(Array(history.prefix(2)), ["resume", "rename"])
    }

    func testNoKeyIsBoundTwiceInOneScopeUnderTheSameCondition() {
        var seen = Set<String>()
        for binding in Keymap.standard.bindings {
            for key in binding.keys {
                XCTAssertTrue(seen.insert("\(binding.scope)/\(binding.when)/\(key.label)").inserted,
                              "\(key.label) twice in \(binding.scope) when \(binding.when)")
            }
        }
    }
}
