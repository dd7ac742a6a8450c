import Foundation
import SwitchboardTestSupport
import XCTest

/// `switchboard-forwarder`, the serve benchmark's floor: it must pass a request and its streamed answer through
/// untouched, or the floor it measures is not serve's.
final class ForwarderTests: XCTestCase {
    static let binary = CLIRunner.binary.deletingLastPathComponent().appendingPathComponent("switchboard-forwarder")
    static let key = "sk-forwarder-test-0001"
    static let request = #"{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Say something."}]}"#

    func testAStreamedAnswerComesThroughWhole() async throws {
        let answer = FixtureAnswer(text: FixtureAnswer.standardText, chunkCount: 20)
        let fixture = try await ProviderFixture.start(.init(answer: answer, expectedAPIKey: Self.key))
        let cli = try CLIRunner()
        let forwarder = try LiveServe.start(Self.binary, ["--upstream", fixture.openAIBaseURL.absoluteString, "--port", "0"],
                                            environment: cli.environment)
        let reply = try await forwarder.post("/v1/chat/completions", json: Self.request, key: Self.key)
        forwarder.stop()
        try await fixture.shutdown()

        XCTAssertEqual(reply.status, 200)
        XCTAssertEqual(reply.header("content-type")?.hasPrefix("text/event-stream"), true)
        let texts = try reply.text.split(separator: "\n").filter { $0.hasPrefix("data: {") }.compactMap { line in
            let delta = try jsonObject(String(line.dropFirst(6)))["choices"].flatMap { ($0 as? [[String: Any]])?.first?["delta"] }
            return (delta as? [String: Any])?["content"] as? String
        }
        XCTAssertEqual(texts.joined(), FixtureAnswer.standardText)
        XCTAssertTrue(reply.text.hasSuffix("data: [DONE]\n\n"), reply.text)
    }

    func testTheUpstreamsRefusalIsPassedOn() async throws {
        let fixture = try await ProviderFixture.start(.init(expectedAPIKey: Self.key))
        let cli = try CLIRunner()
        let forwarder = try LiveServe.start(Self.binary, ["--upstream", fixture.openAIBaseURL.absoluteString, "--port", "0"],
                                            environment: cli.environment)
        let reply = try await forwarder.post("/v1/chat/completions", json: Self.request, key: "sk-wrong")
        forwarder.stop()
        try await fixture.shutdown()
        XCTAssertEqual(reply.status, 401)
    }

    func testWithoutAnUpstreamItSaysWhatIsMissing() throws {
        let cli = try CLIRunner()
        let missing = try cli.run([], executable: Self.binary)
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("--upstream URL is required"), missing.stderr)
        let notAURL = try cli.run(["--upstream", "localhost:8080"], executable: Self.binary)
        XCTAssertEqual(notAURL.status, 2)
        XCTAssertTrue(notAURL.stderr.contains("--upstream localhost:8080 is not an http(s) URL"), notAURL.stderr)
    }
}
