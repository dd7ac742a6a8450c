import Foundation
import SwitchboardCore
import SwitchboardTestSupport
import XCTest

/// The official `openai` Python SDK (pinned in .ci/run) against the real `serve`: streamed and not, tools both
/// ways, errors as the SDK's own exception classes, usage and cost. Skipped where the SDK is missing, except under
/// CI (`CI` set), where a missing SDK fails the test.
final class GatewayOpenAISDKTests: XCTestCase {
    static let answer = FixtureAnswer(text: "Fine words from the fixture, streamed through the gateway.", chunkCount: 8)
    static let toolCall: FixtureAnswer = {
        var answer = FixtureAnswer(chunks: [], finish: .toolCalls)
        answer.toolCalls = [FixtureToolCall(id: "call_weather_1", name: "get_weather", argumentChunks: [#"{"city":"#, #""Paris"}"#])]
        return answer
    }()

    static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("openai_client_check.py").path
    }

    /// python3 with the openai package, or a skip (a failure under CI).
    static func python() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        let python = environment["SWITCHBOARD_PYTHON"] ?? "/usr/bin/env"
        let arguments = python == "/usr/bin/env" ? ["python3", "-c", "import openai"] : ["-c", "import openai"]
        do {
            _ = try GatewayServeProcess.run(python, arguments, timeout: 30)
        } catch {
            if environment["CI"] != nil { throw GatewayTestError("the openai Python SDK is required under CI: \(error)") }
            throw XCTSkip("the openai Python SDK is not installed (pip install openai)")
        }
        return python
    }

    func testTheOfficialOpenAIClientAgainstServe() async throws {
        let python = try Self.python()
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let fixture = try await ProviderFixture.start(.init(answer: Self.answer, answersByModel: ["gpt-4o": Self.toolCall]))
        try cli.writeConfig("""
            [providers.openai]
            base_url = "\(fixture.openAIBaseURL.absoluteString)"
            """)
        let db = cli.home.appendingPathComponent("gateway.sqlite").path
        let serve = try GatewayServeProcess.start(cli, ["--no-auth", "--db", db],
                                                  extraEnvironment: ["OPENAI_API_KEY": "sk-gateway-upstream-0001"])
        defer { _ = serve.stop(signal: SIGKILL) }

        var environment = ProcessInfo.processInfo.environment
        environment["OPENAI_BASE_URL"] = serve.baseURL + "/v1"
        environment["OPENAI_API_KEY"] = "sk-any-client-key"
        environment["GATEWAY_MODEL"] = "openai/gpt-4o-mini"
        environment["GATEWAY_TOOLS_MODEL"] = "openai/gpt-4o"
        environment["GATEWAY_EXPECTED_TEXT"] = Self.answer.text
        let arguments = python == "/usr/bin/env" ? ["python3", Self.script] : [Self.script]
        let output = try GatewayServeProcess.run(python, arguments, environment: environment, timeout: 120)
        XCTAssertTrue(output.contains("all checks passed"), output)

        // The tool result reached the provider as the adapter sends it, with the call's id.
        let bodies = fixture.recordedRequests().map { String(decoding: $0.body, as: UTF8.self) }
        XCTAssertTrue(bodies.contains { $0.contains("18C and sunny") && $0.contains("call_weather_1") }, "\(bodies.count) requests")
        try await fixture.shutdown()
    }
}
