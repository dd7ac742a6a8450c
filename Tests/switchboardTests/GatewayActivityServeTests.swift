import Foundation
import SwitchboardCore
import SwitchboardStore
@testable import SwitchboardTUI
import SwitchboardTestSupport
import XCTest

/// The workbench's Gateway section against a real `serve` process: the workbench's own store connection polls
/// on its 1 s tick while another process serves a keyed request; the request shows in flight while it streams
/// and, within one tick of its end, with its key's spend.
final class GatewayActivityServeTests: XCTestCase {
    func testARequestServedByAnotherProcessShowsWithinOneTick() async throws {
        let fixture = try await ProviderFixture.start(.init(
            answer: FixtureAnswer(text: "a paced answer in ten chunks", chunkCount: 10), pacing: .milliseconds(150)))
        let cli = try CLIRunner(extraEnvironment: ["OPENAI_API_KEY": "sk-fixture"])
        defer { cli.cleanUp() }
        let database = cli.home.appendingPathComponent("shared.sqlite").path
        try cli.writeConfig("""
            default_model = "gpt-4o-mini"

            [providers.openai]
            base_url = "\(fixture.openAIBaseURL.absoluteString)"
            """)
        let created = try cli.run(["keys", "create", "agent", "--db", database])
        XCTAssertEqual(created.status, 0, created.stderr)
        let key = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let serve = try LiveServe.start(cli, ["--db", database])
        defer { serve.stop() }

        let workbench = try SQLiteStore(url: URL(fileURLWithPath: database))
        let seen = Seen()
        let poll = GatewayActivityPoll.start(store: workbench) { action in
            if case .gatewayLoaded(let activity) = action { seen.add(activity, at: ContinuousClock.now) }
        }
        defer { poll?.cancel() }
        try await seen.wait(within: .seconds(5)) { $0.isEmpty }

        let reply = try await serve.post("/v1/chat/completions", json: """
            {"model": "gpt-4o-mini", "stream": true, "messages": [{"role": "user", "content": "hello"}]}
            """, key: key)
        let ended = ContinuousClock.now
        XCTAssertEqual(reply.status, 200, reply.text)
        XCTAssertTrue(seen.all.contains { $0.activity.keys.first?.inFlight == 1 }, "in flight while it streamed: \(seen.all)")
        try await seen.wait(within: .seconds(5)) { $0.keys.first?.inFlight == 0 && ($0.keys.first?.spentToday ?? .zero) > .zero }
        let shown = try XCTUnwrap(seen.all.last)
        XCTAssertEqual(shown.activity.keys.map(\.name), ["agent"])
        XCTAssertLessThanOrEqual(shown.at - ended, .milliseconds(1_200), "within the next 1 s tick")
    }
}

private final class Seen: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [(activity: GatewayActivity, at: ContinuousClock.Instant)] = []

    var all: [(activity: GatewayActivity, at: ContinuousClock.Instant)] { lock.withLock { items } }
    func add(_ activity: GatewayActivity, at: ContinuousClock.Instant) { lock.withLock { items.append((activity, at)) } }

    func wait(within limit: Duration, until condition: (GatewayActivity) -> Bool) async throws {
        let deadline = ContinuousClock.now + limit
        while !(all.last.map { condition($0.activity) } ?? false) {
            guard ContinuousClock.now < deadline else { return XCTFail("not shown within \(limit): \(all.map(\.activity))") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
