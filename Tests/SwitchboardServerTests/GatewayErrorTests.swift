import SwitchboardCore
import XCTest
@testable import SwitchboardServer

final class GatewayErrorTests: XCTestCase {
    func testUnknownModelIs404WithCloseMatches() {
        let error = GatewayError.routing(.unknownModel("gpt-4o-mni", suggestions: ["openai/gpt-4o-mini"]))
        XCTAssertEqual(error.status, 404)
        XCTAssertEqual(error.code, "model_not_found")
        XCTAssertTrue(error.message.contains("openai/gpt-4o-mini"), error.message)
    }

    func testBudgetRefusalIs402() {
        let failure = TurnFailure(errors: [], attempts: [], summary: "refused by budget: daily cap $1.00 reached")
        let error = GatewayError.failure(failure)
        XCTAssertEqual(error.status, 402)
        XCTAssertEqual(error.code, "budget_exceeded")
    }

    func testUpstreamRateLimitIs429WithRetryAfter() {
        let upstream = ProviderError(kind: .rateLimited, provider: "openai", status: 429, message: "slow down",
                                     retryAfter: .milliseconds(2500))
        let error = GatewayError.failure(TurnFailure(errors: [upstream], attempts: [], summary: "openai: rate limited"))
        XCTAssertEqual(error.status, 429)
        XCTAssertEqual(error.retryAfterSeconds, 3)
    }

    func testUpstreamServerErrorIs502() {
        let upstream = ProviderError(kind: .server, provider: "openai", status: 500, message: "boom")
        let error = GatewayError.failure(TurnFailure(errors: [upstream], attempts: [], summary: "openai: server, HTTP 500"))
        XCTAssertEqual(error.status, 502)
        XCTAssertEqual(error.type, "upstream_error")
    }

    func testErrorBodyIsOpenAIShape() throws {
        let body = OpenAIChatErrors.body(.badRequest("bad \"json\"", code: "invalid_json"))
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        let error = try XCTUnwrap(object["error"] as? [String: Any])
        XCTAssertEqual(error["message"] as? String, "bad \"json\"")
        XCTAssertEqual(error["type"] as? String, "invalid_request_error")
        XCTAssertEqual(error["code"] as? String, "invalid_json")
        XCTAssertEqual(String(decoding: OpenAIChatErrors.event(.badRequest("x")).prefix(6), as: UTF8.self), "data: ")
    }
}
