import Foundation
@testable import SwitchboardCore
import XCTest

/// The results the loop sends back (and every front end stores as the next step's prompt) carry how each call was
/// answered, so a resumed session can show it: the server, run or refused and why, how long it ran.
final class ToolRunTests: XCTestCase {
    private func results(_ decisions: [ToolDecision], calls: [(String, String, String)]) async throws -> ChatMessage {
        let transport = ScriptedToolTransport([.calls(calls), .text("Done.")])
        let tools = FakeToolProvider(["get_time"], server: "clock") { _, _ in ToolOutput(text: "12:00 UTC") }
        let loop = ToolLoop(engine: try transport.engine(), provider: tools, offered: tools.listed,
                            policy: ScriptedApproval(decisions))
        let opened = OpenedSteps()
        let turn = TurnRequest(messages: [.user("time?")], model: try ModelRef(parsing: "acme/model@p0"),
                               options: ChatOptions(tools: tools.listed.map(\.definition)))
        _ = try await loop.run(turn, recorder: nil, nextRecorder: { _, results in
            await opened.add(results)
            return nil
        }) { _ in }
        let messages = await opened.messages
        return try XCTUnwrap(messages.first)
    }

    func testEachResultSentBackSaysHowItsCallWasAnswered() async throws {
        let sent = try await results([.alwaysForTool, .refuse(reason: "not now")],
                                     calls: [("c1", "get_time", "{}"), ("c2", "get_time", "{}"), ("c3", "nope", "{}")])
        let runs = sent.toolResults.map(\.run)
        XCTAssertEqual(runs.count, 3)
        XCTAssertEqual(runs[0]?.server, "clock")
        XCTAssertEqual(runs[0]?.decision, .alwaysForTool)
        XCTAssertNotNil(runs[0]?.durationMs, "it ran")
        XCTAssertEqual(runs[1], ToolRun(server: "clock", decision: .runOnce, durationMs: runs[1]?.durationMs),
                       "always: asked once, then run")
        XCTAssertNotNil(runs[1]?.durationMs)
        XCTAssertEqual(runs[2], ToolRun(server: nil, decision: nil, durationMs: nil), "no such tool: nobody was asked")
    }

    func testARefusalIsSentWithItsReason() async throws {
        let sent = try await results([.refuse(reason: "not now")], calls: [("c1", "get_time", "{}")])
        XCTAssertEqual(sent.toolResults.map(\.run), [ToolRun(server: "clock", decision: .refuse(reason: "not now"), durationMs: nil)])
    }

    func testItIsStoredInTheWordsAskJSONUses() throws {
        let run = ToolRun(server: "clock", decision: .refuse(reason: "not now"), durationMs: nil)
        let json = String(decoding: try JSONEncoder().encode(run), as: UTF8.self)
        XCTAssertTrue(json.contains(#""decision":"refused""#) && json.contains(#""refusal":"not now""#), json)
        for decided in [run, ToolRun(server: nil, decision: .alwaysForTool, durationMs: 7),
                        ToolRun(server: "s", decision: .runOnce, durationMs: 0), ToolRun(server: nil, decision: nil, durationMs: nil)] {
            XCTAssertEqual(try JSONDecoder().decode(ToolRun.self, from: JSONEncoder().encode(decided)), decided)
        }
        XCTAssertThrowsError(try JSONDecoder().decode(ToolRun.self, from: Data(#"{"decision":"maybe"}"#.utf8)))
    }
}
