import Foundation
import XCTest
@testable import switchboard
import SwitchboardCore

/// `ask --json` and `compare --json`, pinned as the code before the shared JSON shapes printed them for
/// `AskJSONGoldenFixture`: scripts read these keys, nulls included. Issue 11 added `reasoning` and `tool_calls`
/// (empty for a text reply) and nothing else; the bytes around them are unchanged.
final class AskJSONGoldenTests: XCTestCase {
    func testAskJSONPrintsTheSameBytesAsBefore() {
        XCTAssertEqual(AskJSON.render(AskJSONGoldenFixture.answered), Self.answered + "\n")
        XCTAssertEqual(AskJSON.render(AskJSONGoldenFixture.cancelled), Self.cancelled + "\n")
        XCTAssertEqual(AskJSON.render(AskJSONGoldenFixture.failed), Self.failed + "\n")
    }

    func testCompareJSONPrintsTheSameBytesAsBefore() throws {
        let results: [EngineEvent?] = [.finished(AskJSONGoldenFixture.answered), .failed(AskJSONGoldenFixture.failed), nil,
                                       .finished(AskJSONGoldenFixture.cancelled)]
        let refs = try ["openai/gpt-4o", "openai/gpt-4o-mini", "demo/pro", "demo/mini"].map { try ModelRef(parsing: $0) }
        XCTAssertEqual(CompareOutput.json(results, refs: refs, scores: [7, nil, nil, 3]), Self.compared + "\n")
    }

    static let answered = #"""
{"attempts":[{"duration_ms":80,"error":"slow down / wait","model":"openai/gpt-4o","outcome":"rate_limited","provider":"openai","provider_model":"gpt-4o","status":429},{"duration_ms":2048,"model":"openai/gpt-4o","outcome":"success","provider":"openrouter","provider_model":"openai/gpt-4o","status":200,"ttft_ms":333}],"complete":true,"cost":"0.000315","cost_reported":"0.00042","duration_ms":2048,"error":null,"finish_reason":"stop","model":"openai/gpt-4o","provider":"openrouter","reasoning":null,"simulated":false,"text":"A database stores data.\n\n```sql\nSELECT 1;\n``` 数据 \u001b[31m","tokens_per_second":12.2,"tool_calls":[],"ttft_ms":333,"usage":{"cache_read":4,"cache_write":0,"input":9,"output":21,"reasoning":0},"usage_estimated":false}
"""#

    static let cancelled = #"""
{"attempts":[],"complete":false,"cost":null,"cost_reported":null,"duration_ms":12,"error":"cancelled","finish_reason":null,"model":"demo/mini","provider":"demo","reasoning":null,"simulated":true,"text":"half","tokens_per_second":null,"tool_calls":[],"ttft_ms":null,"usage":{"cache_read":0,"cache_write":0,"input":2,"output":1,"reasoning":0},"usage_estimated":true}
"""#

    static let failed = #"""
{"attempts":[{"duration_ms":80,"error":"slow down / wait","model":"openai/gpt-4o","outcome":"rate_limited","provider":"openai","provider_model":"gpt-4o","status":429}],"complete":false,"cost":null,"cost_reported":null,"duration_ms":null,"error":"openai/gpt-4o: rate limited (429)","finish_reason":null,"model":"openai/gpt-4o","provider":"openai","reasoning":null,"simulated":false,"text":"","tokens_per_second":null,"tool_calls":[],"ttft_ms":null,"usage":{"cache_read":0,"cache_write":0,"input":0,"output":0,"reasoning":0},"usage_estimated":false}
"""#

    static let compared = #"""
[{"attempts":[{"duration_ms":80,"error":"slow down / wait","model":"openai/gpt-4o","outcome":"rate_limited","provider":"openai","provider_model":"gpt-4o","status":429},{"duration_ms":2048,"model":"openai/gpt-4o","outcome":"success","provider":"openrouter","provider_model":"openai/gpt-4o","status":200,"ttft_ms":333}],"complete":true,"cost":"0.000315","cost_reported":"0.00042","duration_ms":2048,"error":null,"finish_reason":"stop","model":"openai/gpt-4o","provider":"openrouter","reasoning":null,"requested":"openai/gpt-4o","score":7,"simulated":false,"text":"A database stores data.\n\n```sql\nSELECT 1;\n``` 数据 \u001b[31m","tokens_per_second":12.2,"tool_calls":[],"ttft_ms":333,"usage":{"cache_read":4,"cache_write":0,"input":9,"output":21,"reasoning":0},"usage_estimated":false},{"attempts":[{"duration_ms":80,"error":"slow down / wait","model":"openai/gpt-4o","outcome":"rate_limited","provider":"openai","provider_model":"gpt-4o","status":429}],"complete":false,"cost":null,"cost_reported":null,"duration_ms":null,"error":"openai/gpt-4o: rate limited (429)","finish_reason":null,"model":"openai/gpt-4o","provider":"openai","reasoning":null,"requested":"openai/gpt-4o-mini","score":null,"simulated":false,"text":"","tokens_per_second":null,"tool_calls":[],"ttft_ms":null,"usage":{"cache_read":0,"cache_write":0,"input":0,"output":0,"reasoning":0},"usage_estimated":false},{"requested":"demo/pro","score":null},{"attempts":[],"complete":false,"cost":null,"cost_reported":null,"duration_ms":12,"error":"cancelled","finish_reason":null,"model":"demo/mini","provider":"demo","reasoning":null,"requested":"demo/mini","score":3,"simulated":true,"text":"half","tokens_per_second":null,"tool_calls":[],"ttft_ms":null,"usage":{"cache_read":0,"cache_write":0,"input":2,"output":1,"reasoning":0},"usage_estimated":true}]
"""#
}
