import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

/// The thinking block: streamed above the answer, folded to one line once the answer starts, unfolded by a key.
final class ThinkingBlockTests: XCTestCase {
    /// The conversation pane's text rows, trimmed.
    private func conversation(_ state: inout AppState) -> [String] {
        var buffer = ScreenBuffer(size: state.size)
        let rect = state.screen.conversation
        ConversationView(state).render(in: rect, into: &buffer, state: &state.conversationView)
        return buffer.lines().map { line in
            let characters = Array(line)
            return characters.count > rect.x ? String(characters[rect.x...]).trimmingCharacters(in: .whitespaces) : ""
        }.filter { !$0.isEmpty }
    }

    /// Sends `prompt` and streams `thinking` (3.2 s of it) and then `answer` to the end.
    @discardableResult
    private func thinkingTurn(_ prompt: String, thinking: [String], answer: String, reasoningTokens: Int = 0,
                              _ state: inout AppState) -> UUID {
        let (turn, _) = Fixtures.send(prompt, &state)
        _ = update(&state, .engine(turn: turn, event: .routed(Fixtures.route, attempt: 1), at: Fixtures.at(0)))
        for (index, piece) in thinking.enumerated() {
            _ = update(&state, .engine(turn: turn, event: .reasoning(piece), at: Fixtures.at(100 + index)))
        }
        _ = update(&state, .engine(turn: turn, event: .delta(answer), at: Fixtures.at(3300)))
        var summary = Fixtures.summary(turn: turn, text: answer)
        summary.usage.reasoning = reasoningTokens
        _ = update(&state, .engine(turn: turn, event: .finished(summary), at: Fixtures.at(3400)))
        return turn
    }

    func testThinkingStreamsOpenAboveTheAnswer() {
        var state = Fixtures.state(width: 90, height: 20)
        let (turn, _) = Fixtures.send("q", &state)
        _ = update(&state, .engine(turn: turn, event: .routed(Fixtures.route, attempt: 1), at: Fixtures.at(0)))
        _ = update(&state, .engine(turn: turn, event: .reasoning("The user asks q.\nI should "), at: Fixtures.at(100)))
        _ = update(&state, .engine(turn: turn, event: .reasoning("answer briefly."), at: Fixtures.at(200)))
        XCTAssertEqual(conversation(&state), [
            "▍You", "q",
            "● demo/mini via demo (simulated) · waiting for the first",
            "token…",
            "▾ thinking… · ~\(TokenEstimator.estimate("The user asks q.\nI should answer briefly.")) tokens",
            "│ The user asks q.",
            "│ I should answer briefly.",
        ])
        let style = Theme.builtinDefault[.thinking]
        XCTAssertTrue(style.attributes.contains(.dim))
    }

    func testTheBlockFoldsToOneLineOnceTheAnswerStarts() {
        var state = Fixtures.state(width: 90, height: 20)
        let (turn, _) = Fixtures.send("q", &state)
        _ = update(&state, .engine(turn: turn, event: .routed(Fixtures.route, attempt: 1), at: Fixtures.at(0)))
        let thinking = String(repeating: "hmm ", count: 100)
        _ = update(&state, .engine(turn: turn, event: .reasoning(thinking), at: Fixtures.at(100)))
        _ = update(&state, .engine(turn: turn, event: .delta("The answer."), at: Fixtures.at(3300)))
        let streaming = conversation(&state)
        XCTAssertEqual(Array(streaming.suffix(2)), ["▸ thought for 3.2 s · ~\(TokenEstimator.estimate(thinking)) tokens", "The answer."])
        var summary = Fixtures.summary(turn: turn, text: "The answer.")
        summary.usage.reasoning = 412
        _ = update(&state, .engine(turn: turn, event: .finished(summary), at: Fixtures.at(3400)))
        let lines = conversation(&state)
        XCTAssertEqual(Array(lines.suffix(2)), ["▸ thought for 3.2 s · 412 tokens", "The answer."],
                       "the provider's count of reasoning tokens once it is known")
    }

    func testTheKeyUnfoldsAndFoldsTheSelectedRepliesThinking() {
        var state = Fixtures.state(width: 90, height: 30)
        thinkingTurn("first", thinking: ["First thoughts."], answer: "One.", reasoningTokens: 5, &state)
        thinkingTurn("second", thinking: ["Second thoughts."], answer: "Two.", reasoningTokens: 6, &state)
        state.focus = .transcript
        let key = KeyRouter.action(for: .char("t"), state: state, keymap: .standard)
        guard case .command(let toggle)? = key else { return XCTFail("t gave \(String(describing: key))") }
        XCTAssertEqual(toggle, .toggleThinking)

        // Nothing selected: the latest reply's.
        _ = update(&state, .command(toggle))
        var lines = conversation(&state)
        XCTAssertEqual(Array(lines.suffix(3)), ["▾ thought for 3.2 s · 6 tokens", "│ Second thoughts.", "Two."])
        XCTAssertTrue(lines.contains("▸ thought for 3.2 s · 5 tokens"), "the other reply stays folded")

        // The selected reply's.
        _ = update(&state, .command(.previousReply))
        _ = update(&state, .command(.previousReply))
        _ = update(&state, .command(toggle))
        lines = conversation(&state)
        // (The selected reply's rows carry the selection bar.)
        XCTAssertTrue(lines.contains("┃  │ First thoughts."), "\(lines)")
        XCTAssertTrue(lines.contains("┃▾ thought for 3.2 s · 5 tokens"), "\(lines)")

        _ = update(&state, .command(toggle))
        lines = conversation(&state)
        XCTAssertFalse(lines.contains { $0.contains("First thoughts.") })
        XCTAssertTrue(lines.contains("┃▸ thought for 3.2 s · 5 tokens"), "\(lines)")
        XCTAssertTrue(lines.contains("│ Second thoughts."), "still unfolded")
    }

    func testCtrlTWorksFromTheMessageBox() {
        var state = Fixtures.state(width: 90, height: 30)
        thinkingTurn("q", thinking: ["Deep."], answer: "A.", &state)
        XCTAssertEqual(state.focus, .input)
        guard case .command(let toggle)? = KeyRouter.action(for: .ctrl("t"), state: state, keymap: .standard) else {
            return XCTFail("Ctrl-T is not bound")
        }
        _ = update(&state, .command(toggle))
        XCTAssertTrue(conversation(&state).contains("│ Deep."))
    }

    func testAReplyWithoutThinkingSaysSo() {
        var state = Fixtures.state()
        _ = Fixtures.completeTurn("q", answer: "A.", &state)
        _ = update(&state, .command(.toggleThinking))
        XCTAssertEqual(state.status?.text, "no thinking to show: this reply came without any")
    }

    func testThinkingThatCameOnlyWithTheSummaryIsShownFolded() {
        var state = Fixtures.state(width: 90, height: 20)
        let (turn, _) = Fixtures.send("q", &state)
        var summary = Fixtures.summary(turn: turn, text: "A.")
        summary.reasoning = [ReasoningPart(text: "Quiet thoughts.")]
        _ = update(&state, .engine(turn: turn, event: .finished(summary), at: Fixtures.at(100)))
        XCTAssertEqual(Array(conversation(&state).suffix(2)), ["▸ thought · ~\(TokenEstimator.estimate("Quiet thoughts.")) tokens", "A."])
    }

    func testAReplyThatOnlyCalledToolsShowsTheCalls() {
        var state = Fixtures.state(width: 90, height: 20)
        let (turn, _) = Fixtures.send("weather in Paris?", &state)
        var summary = Fixtures.summary(turn: turn, text: "")
        summary.toolCalls = [ToolCall(id: "call_1", name: "get_weather", arguments: #"{"unit":"c","city":"Paris"}"#),
                             ToolCall(id: "call_2", name: "broken", arguments: "{not json")]
        summary.finishReason = "tool_calls"
        _ = update(&state, .engine(turn: turn, event: .finished(summary), at: Fixtures.at(100)))
        let lines = conversation(&state)
        let first = lines.firstIndex(of: "⚙ called get_weather") ?? -1
        XCTAssertGreaterThan(first, 0, "\(lines)")
        XCTAssertEqual(Array(lines[first...]), [
            "⚙ called get_weather", "{", "\"city\" : \"Paris\",", "\"unit\" : \"c\"", "}",
            "⚙ called broken", "{not json",
        ])
    }

    func testAResumedSessionShowsStoredThinkingFoldedAndItsChipsAndCalls() {
        var state = Fixtures.state(width: 90, height: 30)
        let png = Data([0x89, 0x50, 0x4E, 0x47]) + Data(repeating: 1, count: 2044)
        _ = update(&state, .sessionLoaded(LoadedSession(id: "s1", title: "t", model: "demo/mini", messages: [
            StoredMessage(role: .user, text: "what is this?",
                          parts: [.image(ImagePart(data: png, mediaType: "image/png")), .text("what is this?")]),
            StoredMessage(role: .assistant, text: "A cat.", model: "demo/mini", provider: "demo",
                          parts: [.reasoning(ReasoningPart(text: "Looks furry.")), .text("A cat."),
                                  .toolCall(ToolCall(id: "c1", name: "lookup", arguments: #"{"q":"cat"}"#))]),
        ])))
        let lines = conversation(&state)
        XCTAssertEqual(lines[0...2], ["▍You", "[📎 image.png 2 KB]", "what is this?"])
        XCTAssertTrue(lines.contains("▸ thought · ~\(TokenEstimator.estimate("Looks furry.")) tokens"), "\(lines)")
        XCTAssertFalse(lines.contains("│ Looks furry."))
        XCTAssertTrue(lines.contains("⚙ called lookup"), "\(lines)")
        _ = update(&state, .command(.toggleThinking))
        XCTAssertTrue(conversation(&state).contains("│ Looks furry."))
        // The image goes with the conversation again on the next turn.
        XCTAssertEqual(state.transcript.chatMessages.first?.parts.first, .image(ImagePart(data: png, mediaType: "image/png")))
    }
}
