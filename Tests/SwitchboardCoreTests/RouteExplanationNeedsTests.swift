import Foundation
@testable import SwitchboardCore
import XCTest

/// What a request needs, and who was left out for lacking it, survive storage; decisions stored before needs
/// were recorded still read.
final class RouteExplanationNeedsTests: XCTestCase {
    private func decision() -> RouteDecision {
        let seeing = Deployment(provider: "p1", providerModel: "seeing", price: .unknown, capabilities: [.vision])
        let blind = Deployment(provider: "p2", providerModel: "blind", price: .unknown, lacking: [.vision])
        return RouteDecision(
            requested: "acme/blind", candidates: [RouteCandidate(model: "acme/seeing", deployment: seeing,
                                                                 reason: "fallback 1 of 1; direct from p1; tools: not stated for this deployment")],
            rejected: [.init(candidate: RouteCandidate(model: "acme/blind", deployment: blind, reason: "direct"),
                             reason: "lacks vision", lacking: [.vision])],
            notes: [], difficulty: nil, promptTokens: 12, needs: [.vision, .tools])
    }

    func testNeedsAndLeaveOutsAreStoredAndReadBack() throws {
        let json = try decision().storedJSON()
        XCTAssertTrue(json.contains("\"needs\":[\"tools\",\"vision\"]"), json)
        let stored = try RouteExplanation(json: json)
        XCTAssertEqual(stored, RouteExplanation(decision()))
        XCTAssertEqual(stored.lines.joined(separator: "\n"), decision().explanation)
        XCTAssertEqual(stored.lines, [
            "requested: acme/blind", "estimated prompt: 12 tokens",
            "needs: tools (tools are offered), vision (the conversation has an image)",
            "candidates, in order:",
            "  1. acme/seeing via p1 (seeing): fallback 1 of 1; direct from p1; tools: not stated for this deployment",
            "left out:", "  - acme/blind via p2: lacks vision",
        ])
    }

    func testADecisionWithoutNeedsWritesNoNeedsKey() throws {
        var plain = decision()
        plain.needs = []
        let json = try plain.storedJSON()
        XCTAssertFalse(json.contains("needs"), json)
    }

    func testADecisionStoredBeforeNeedsStillDecodes() throws {
        let old = #"{"candidates":[{"model":"demo/mini","provider":"demo","provider_model":"mini","reason":"direct from demo"}],"#
            + #""notes":["explicit"],"prompt_tokens":5,"rejected":[],"requested":"demo/mini"}"#
        let stored = try RouteExplanation(json: old)
        XCTAssertNil(stored.needs)
        XCTAssertEqual(stored.lines, ["requested: demo/mini", "estimated prompt: 5 tokens", "- explicit", "candidates, in order:",
                                      "  1. demo/mini via demo (mini): direct from demo"])
    }
}
