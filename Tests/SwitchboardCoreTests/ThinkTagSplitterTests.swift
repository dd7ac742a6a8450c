import XCTest
@testable import SwitchboardCore

/// Thinking a server leaves inline (`<think>…</think>` opening the answer) comes out as reasoning, wherever the
/// chunks are cut; a `<think>` anywhere else is text.
final class ThinkTagSplitterTests: XCTestCase {
    private struct Split: Equatable {
        var reasoning = ""
        var text = ""
        /// The kinds in the order they came, runs merged: thinking must come before the answer, never after.
        var order: [String] = []
    }

    private func split(_ pieces: [String]) -> Split {
        var splitter = ThinkTagSplitter()
        var events: [StreamEvent] = []
        for piece in pieces { events += splitter.split(piece) }
        events += splitter.finish()
        var result = Split()
        for event in events {
            switch event {
            case .reasoning(let delta):
                XCTAssertFalse(delta.text.isEmpty, "no empty reasoning events")
                result.reasoning += delta.text
                if result.order.last != "reasoning" { result.order.append("reasoning") }
            case .text(let text):
                XCTAssertFalse(text.isEmpty, "no empty text events")
                result.text += text
                if result.order.last != "text" { result.order.append("text") }
            default:
                XCTFail("unexpected \(event)")
            }
        }
        return result
    }

    /// One character per piece: every tag is cut at every place it can be.
    private func characterByCharacter(_ text: String) -> Split {
        split(text.map(String.init))
    }

    private static let qwen = "<think>\nThe user greets me.\nI should greet back.\n</think>\n\nHello! <think> is a tag."

    /// In one piece (a reply that arrives whole) or one character at a time, the same split.
    func testThinkingAtTheStartIsReasoningAndTheRestIsText() {
        let expected = Split(reasoning: "The user greets me.\nI should greet back.", text: "Hello! <think> is a tag.",
                             order: ["reasoning", "text"])
        XCTAssertEqual(split([Self.qwen]), expected)
        XCTAssertEqual(characterByCharacter(Self.qwen), expected)
    }

    func testEveryCutIntoTwoOrThreePiecesGivesTheSameResult() {
        let expected = split([Self.qwen])
        let characters = Array(Self.qwen)
        for first in 0...characters.count {
            XCTAssertEqual(split([String(characters[..<first]), String(characters[first...])]), expected, "cut at \(first)")
        }
        // Three pieces around the close tag, where holding back matters most.
        let close = Self.qwen.distance(from: Self.qwen.startIndex, to: Self.qwen.range(of: "</think>")!.lowerBound)
        for first in (close - 3)...(close + 8) {
            for second in first...(close + 10) {
                let pieces = [String(characters[..<first]), String(characters[first..<second]), String(characters[second...])]
                XCTAssertEqual(split(pieces), expected, "cuts at \(first), \(second)")
            }
        }
    }

    func testWhitespaceBeforeTheOpeningTagIsAllowed() {
        XCTAssertEqual(characterByCharacter("\n  <think>plan</think>answer"),
                       Split(reasoning: "plan", text: "answer", order: ["reasoning", "text"]))
    }

    func testATagLaterInProseStaysText() {
        let prose = "Use <think> and </think> to mark thinking."
        XCTAssertEqual(characterByCharacter(prose), Split(text: prose, order: ["text"]))
        XCTAssertEqual(split([prose]), Split(text: prose, order: ["text"]))
    }

    func testSomethingThatOnlyLooksLikeTheTagIsText() {
        for answer in ["<thinking>no</thinking>", "<thin", "<b>bold</b>", "<", "  \n"] {
            XCTAssertEqual(characterByCharacter(answer).text, answer, answer)
            XCTAssertEqual(characterByCharacter(answer).reasoning, "", answer)
        }
    }

    func testAnAnswerCutOffWhileThinkingKeepsItsThinking() {
        XCTAssertEqual(characterByCharacter("<think>half a thought</thi"),
                       Split(reasoning: "half a thought</thi", order: ["reasoning"]))
        XCTAssertEqual(characterByCharacter("<think>\n"), Split())
    }

    func testEmptyThinkingGivesNoReasoning() {
        XCTAssertEqual(characterByCharacter("<think>\n\n</think>\n\nJust the answer."),
                       Split(text: "Just the answer.", order: ["text"]))
    }

    // MARK: - Wrapping a decoder

    /// A Chat Completions stream whose content opens with thinking, fed to the wrapped decoder one byte at a time
    /// (so SSE lines, JSON escapes and UTF-8 characters are cut too).
    func testTheWrappedDecoderSplitsAStreamFedByteByByte() throws {
        let pieces = ["<th", "ink>\\nÜber", "legung: 2+2", "</", "think", ">\\n\\n", "Vier. ", "</think> bleibt."]
        var sse = #"data: {"model":"qwen3","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}"# + "\n\n"
        for piece in pieces {
            sse += #"data: {"choices":[{"index":0,"delta":{"content":"\#(piece)"}}]}"# + "\n\n"
        }
        sse += #"data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"# + "\n\ndata: [DONE]\n\n"

        let endpoint = ProviderEndpoint(name: "ollama", wire: .openAICompatible, baseURL: URL(string: "http://127.0.0.1:11434/v1")!,
                                        quirks: WireQuirks(thinkTags: true))
        let decoder = OpenAICompatibleAdapter().makeDecoder(endpoint: endpoint)
        var events: [StreamEvent] = []
        for byte in Array(sse.utf8) { events += try decoder.consume([byte]) }
        events += try decoder.finish()

        let reasoning = events.compactMap { if case .reasoning(let delta) = $0 { delta.text } else { nil } }.joined()
        let text = events.compactMap { if case .text(let piece) = $0 { piece } else { nil } }.joined()
        XCTAssertEqual(reasoning, "Überlegung: 2+2")
        XCTAssertEqual(text, "Vier. </think> bleibt.")
        XCTAssertEqual(events.first, .servedModel("qwen3"))
        XCTAssertEqual(events.last, .finished(reason: "stop"))
        let lastThinking = try XCTUnwrap(events.lastIndex { if case .reasoning = $0 { true } else { false } })
        let firstText = try XCTUnwrap(events.firstIndex { if case .text = $0 { true } else { false } })
        XCTAssertLessThan(lastThinking, firstText)
    }

    func testWithoutTheQuirkTheDecoderIsNotWrapped() {
        let url = URL(string: "http://127.0.0.1:8000/v1")!
        let plain = OpenAICompatibleAdapter().makeDecoder(endpoint: ProviderEndpoint(name: "x", wire: .openAICompatible, baseURL: url))
        XCTAssertFalse(plain is ThinkTagDecoder)
        let wrapped = OpenAICompatibleAdapter().makeDecoder(
            endpoint: ProviderEndpoint(name: "x", wire: .openAICompatible, baseURL: url, quirks: WireQuirks(thinkTags: true)))
        XCTAssertTrue(wrapped is ThinkTagDecoder)
    }

    /// A server Switchboard does not know (vLLM, llama.cpp, LM Studio) may think inline; OpenAI does not.
    func testAConfiguredServerMayPutThinkingInline() throws {
        var configuration = Configuration()
        configuration.providers["my-vllm"] = ProviderSettings(baseURL: "http://127.0.0.1:8000/v1")
        let registry = try ProviderRegistry.resolve(configuration: configuration, environment: ["OPENAI_API_KEY": "sk-test-inline"],
                                                    redactor: Redactor())
        XCTAssertEqual(registry.endpoint("my-vllm")?.quirks.thinkTags, true)
        XCTAssertEqual(registry.endpoint("openai")?.quirks.thinkTags, false)
    }

    func testTheDirectorySaysWhichServersPutThinkingInline() {
        for name in ["ollama", "groq", "together"] {
            XCTAssertEqual(ProviderDirectory.provider(named: name)?.quirks.thinkTags, true, name)
        }
        for name in ["openai", "openrouter", "deepseek", "mistral", "xai"] {
            XCTAssertEqual(ProviderDirectory.provider(named: name)?.quirks.thinkTags, false, name)
        }
    }
}
