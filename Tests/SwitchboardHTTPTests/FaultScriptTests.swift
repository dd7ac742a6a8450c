import Foundation
import SwitchboardCore
import SwitchboardTestSupport
import XCTest

final class FaultScriptTests: FixtureTestCase {
    func testEntriesApplyInOrderAndOnlyOnce() async throws {
        fixture.faults.enqueue(.status(500))
        fixture.faults.enqueue(.status(429))
        var statuses: [Int] = []
        for _ in 0..<3 {
            let (response, _) = try await exchange(FixtureRequests.openAI(fixture))
            statuses.append(response.status)
        }
        XCTAssertEqual(statuses, [500, 429, 200])
        XCTAssertEqual(fixture.faults.pendingCount, 0)
        XCTAssertEqual(fixture.faults.consumed(), [[.status(500)], [.status(429)]])
        XCTAssertEqual(fixture.requestCount(.openAIChat), 3)
        XCTAssertEqual(fixture.requestCount(path: "/v1/chat/completions"), 3)
    }

    func testScopedEntriesWaitForAMatchingRequest() async throws {
        fixture.faults.enqueue(.status(529), for: .wire(.anthropic))
        fixture.faults.enqueue(.status(503), for: .model("gpt-4.1"))
        fixture.faults.enqueue(.status(502), for: .path("/other/v1/chat/completions"))

        let (plain, _) = try await exchange(FixtureRequests.openAI(fixture))
        XCTAssertEqual(plain.status, 200)
        XCTAssertEqual(fixture.faults.pendingCount, 3)

        let (model, _) = try await exchange(FixtureRequests.openAI(fixture, model: "gpt-4.1"))
        XCTAssertEqual(model.status, 503)

        var other = FixtureRequests.openAI(fixture)
        other.url = fixture.server.url("/other/v1/chat/completions")
        let (path, _) = try await exchange(other)
        XCTAssertEqual(path.status, 502)

        let (anthropic, _) = try await exchange(FixtureRequests.anthropic(fixture))
        XCTAssertEqual(anthropic.status, 529)
        XCTAssertEqual(fixture.faults.pendingCount, 0)
    }

    func testSeveralFaultsInOneEntryShareARequest() {
        let script = FaultScript()
        script.enqueue(.pacing(.milliseconds(5)), .truncate)
        script.enqueue(.status(500))
        XCTAssertEqual(script.take(wire: .gemini, path: "/x", model: "m"), [.pacing(.milliseconds(5)), .truncate])
        XCTAssertEqual(script.take(wire: .gemini, path: "/x", model: "m"), [.status(500)])
        XCTAssertEqual(script.take(wire: .gemini, path: "/x", model: "m"), [])
        script.enqueue(.truncate)
        script.removeAll()
        XCTAssertEqual(script.pendingCount, 0)
        XCTAssertEqual(script.consumed(), [])
    }
}
