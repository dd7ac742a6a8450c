import Foundation
import SwitchboardTestSupport
import XCTest

final class FixtureWireTests: XCTestCase {
    func testRoutesByPath() {
        XCTAssertEqual(FixtureWire.route(path: "/v1/chat/completions"), .openAIChat)
        XCTAssertEqual(FixtureWire.route(path: "/groq/openai/v1/chat/completions"), .openAIChat)
        XCTAssertEqual(FixtureWire.route(path: "/api/v1/chat/completions"), .openRouter)
        XCTAssertEqual(FixtureWire.route(path: "/v1/messages"), .anthropic)
        XCTAssertEqual(FixtureWire.route(path: "/v1beta/models/gemini-2.5-flash:streamGenerateContent"), .gemini)
        XCTAssertEqual(FixtureWire.route(path: "/api/chat"), .ollama)
        XCTAssertNil(FixtureWire.route(path: "/v1beta/models/gemini-2.5-flash:generateContent"))
        XCTAssertNil(FixtureWire.route(path: "/v1/responses"))
    }

    func testGeminiModelComesFromThePath() {
        XCTAssertEqual(FixtureWire.geminiModel(path: "/v1beta/models/gemini-2.5-pro:streamGenerateContent"),
                       "gemini-2.5-pro")
        XCTAssertNil(FixtureWire.geminiModel(path: "/v1beta/models/:streamGenerateContent"))
        XCTAssertNil(FixtureWire.geminiModel(path: "/v1beta/models/a/b:streamGenerateContent"))
    }
}
