import Foundation
import SwitchboardCore
import XCTest
@testable import SwitchboardServer

final class GatewayMetricsTests: XCTestCase {
    func testRequestsErrorsTimingsAndSpendInPrometheusText() {
        let metrics = GatewayMetrics()
        metrics.request(endpoint: "chat_completions", status: 200)
        metrics.request(endpoint: "chat_completions", status: 200)
        metrics.request(endpoint: "chat_completions", status: 404, errorClass: "invalid_request_error")
        metrics.error(endpoint: "chat_completions", errorClass: "upstream_error")
        let summary = TurnSummary(route: RouteInfo(model: "m", provider: "p", providerModel: "m", reason: "r"), text: "x",
                                  usage: Usage(input: 1, output: 1), cost: Money(Decimal(string: "0.25")!),
                                  ttft: .milliseconds(300), duration: .seconds(2), complete: true, attempts: [])
        metrics.turn(endpoint: "chat_completions", summary: summary, key: "7")
        var unknown = summary
        unknown.cost = nil
        metrics.turn(endpoint: "chat_completions", summary: unknown, key: "7")
        // Each key's spend, and each endpoint's timings, stay their own once made.
        metrics.turn(endpoint: "messages", summary: summary, key: "8")
        let text = String(decoding: metrics.exposition(inFlight: 3), as: UTF8.self)
        XCTAssertTrue(text.contains(#"switchboard_gateway_requests_total{endpoint="chat_completions",status="200"} 2"#), text)
        XCTAssertTrue(text.contains(#"switchboard_gateway_requests_total{endpoint="chat_completions",status="404"} 1"#), text)
        XCTAssertTrue(text.contains(#"switchboard_gateway_errors_total{endpoint="chat_completions",class="invalid_request_error"} 1"#), text)
        XCTAssertTrue(text.contains(#"switchboard_gateway_errors_total{endpoint="chat_completions",class="upstream_error"} 1"#), text)
        XCTAssertTrue(text.contains(#"switchboard_gateway_time_to_first_token_seconds_count{endpoint="chat_completions"} 2"#), text)
        XCTAssertTrue(text.contains(#"switchboard_gateway_turn_duration_seconds_bucket{endpoint="chat_completions",le="2.5"} 2"#), text)
        XCTAssertTrue(text.contains(#"switchboard_gateway_spend_usd_total{key="7"} 0.25"#), "an unknown cost adds nothing: \(text)")
        XCTAssertTrue(text.contains(#"switchboard_gateway_spend_usd_total{key="8"} 0.25"#), text)
        XCTAssertTrue(text.contains(#"switchboard_gateway_time_to_first_token_seconds_count{endpoint="messages"} 1"#), text)
        XCTAssertTrue(text.contains("switchboard_gateway_turns_in_flight_count 3"), text)
    }
}
