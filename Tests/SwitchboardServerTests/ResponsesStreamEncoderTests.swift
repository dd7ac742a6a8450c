import Foundation
import SwitchboardCore
import XCTest
@testable import SwitchboardServer

final class ResponsesStreamEncoderTests: XCTestCase {
    private let ids = ResponsesIDs(requestID: "req-1", createdAt: 1_700_000_000)

    private func echo(_ json: String = #"{"model":"m","input":"x"}"#) throws -> ResponsesEcho {
        ResponsesEcho(try ResponsesRequestDecoder.decode(Array(json.utf8)))
    }

    private func stream(_ events: [EngineEvent]) throws -> [(String, [String: Any])] {
        var encoder = ResponsesStreamEncoder(request: try echo(), ids: ids, requestedModel: "m")
        var out: [UInt8] = []
        for event in events { out += try encoder.encode(event) }
        return try SSETestEvents.parse(String(decoding: out, as: UTF8.self))
    }

    private func whole(_ summary: TurnSummary) throws -> [String: Any] {
        let bytes = try ResponsesObjectEncoder.response(summary, request: try echo(), ids: ids)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    func testTextStreamEventsInOrderWithSequenceNumbers() throws {
        let summary = AnthropicStreamEncoderTests.summary(text: "Hello there", finish: "stop")
        let events = try stream([.delta("Hello"), .delta(" there"), .finished(summary)])
        XCTAssertEqual(events.map(\.0), [
            "response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
            "response.output_text.delta", "response.output_text.delta", "response.output_text.done",
            "response.content_part.done", "response.output_item.done", "response.completed",
        ])
        XCTAssertEqual(events.map { $0.1["sequence_number"] as? Int }, Array(0..<events.count).map(Optional.some))
        for (name, data) in events { XCTAssertEqual(data["type"] as? String, name) }
        XCTAssertEqual(events[6].1["text"] as? String, "Hello there")
        let completed = try XCTUnwrap(events.last?.1["response"] as? [String: Any])
        let reference = try whole(summary)
        XCTAssertEqual(NSDictionary(dictionary: completed), NSDictionary(dictionary: reference),
                       "the completed response is the non-streamed one")
        XCTAssertEqual(completed["status"] as? String, "completed")
        let usage = try XCTUnwrap(completed["usage"] as? [String: Any])
        // input counts cached tokens too, as OpenAI reports it: 24 + 8 read + 3 written.
        XCTAssertEqual(usage["input_tokens"] as? Int, 35)
        XCTAssertEqual(usage["output_tokens"] as? Int, 36)
        XCTAssertEqual(usage["total_tokens"] as? Int, 71)
        XCTAssertEqual((usage["input_tokens_details"] as? [String: Int])?["cached_tokens"], 8)
        XCTAssertEqual((usage["output_tokens_details"] as? [String: Int])?["reasoning_tokens"], 4)
    }

    func testFunctionCallsStreamAsItemsWithArguments() throws {
        let call = ToolCall(id: "call_9", name: "shell", arguments: #"{"command":["ls"]}"#)
        let summary = AnthropicStreamEncoderTests.summary(text: "", calls: [call], finish: "tool_calls")
        let events = try stream([.finished(summary)])
        XCTAssertEqual(events.map(\.0), [
            "response.created", "response.in_progress", "response.output_item.added",
            "response.function_call_arguments.delta", "response.function_call_arguments.done",
            "response.output_item.done", "response.completed",
        ])
        let item = try XCTUnwrap(events[5].1["item"] as? [String: Any])
        XCTAssertEqual(item["type"] as? String, "function_call")
        XCTAssertEqual(item["call_id"] as? String, "call_9")
        XCTAssertEqual(item["arguments"] as? String, #"{"command":["ls"]}"#)
        let completed = try XCTUnwrap(events.last?.1["response"] as? [String: Any])
        XCTAssertEqual(NSDictionary(dictionary: completed), NSDictionary(dictionary: try whole(summary)))
    }

    func testReasoningIsASummaryItemBeforeTheMessage() throws {
        let summary = AnthropicStreamEncoderTests.summary(text: "42", reasoning: [ReasoningPart(text: "think")])
        let events = try stream([.reasoning("think"), .delta("42"), .finished(summary)])
        let done = events.filter { $0.0 == "response.output_item.done" }.compactMap { $0.1["item"] as? [String: Any] }
        XCTAssertEqual(done.map { $0["type"] as? String }, ["reasoning", "message"])
        XCTAssertTrue(events.contains { $0.0 == "response.reasoning_summary_text.delta" && $0.1["delta"] as? String == "think" })
        let completed = try XCTUnwrap(events.last?.1["response"] as? [String: Any])
        XCTAssertEqual(NSDictionary(dictionary: completed), NSDictionary(dictionary: try whole(summary)))
    }

    func testOutputLimitEndsIncomplete() throws {
        let summary = AnthropicStreamEncoderTests.summary(text: "cut", finish: "length")
        let events = try stream([.delta("cut"), .finished(summary)])
        XCTAssertEqual(events.last?.0, "response.incomplete")
        let response = try XCTUnwrap(events.last?.1["response"] as? [String: Any])
        XCTAssertEqual(response["status"] as? String, "incomplete")
        XCTAssertEqual(response["incomplete_details"] as? [String: String], ["reason": "max_output_tokens"])
    }

    func testFailureAfterFirstByteIsResponseFailed() throws {
        let failure = TurnFailure(errors: [], attempts: [], summary: "openai: server error, HTTP 500")
        let events = try stream([.delta("x"), .failed(failure)])
        XCTAssertEqual(events.last?.0, "response.failed")
        let response = try XCTUnwrap(events.last?.1["response"] as? [String: Any])
        XCTAssertEqual(response["status"] as? String, "failed")
        XCTAssertEqual((response["error"] as? [String: String])?["message"], "openai: server error, HTTP 500")
        XCTAssertFalse(events.contains { $0.0 == "response.completed" })
    }

    func testBrokenAnswerIsFailedNotCompleted() throws {
        let broken = AnthropicStreamEncoderTests.summary(text: "Hel", finish: nil, complete: false)
        let events = try stream([.delta("Hel"), .finished(broken)])
        XCTAssertEqual(events.last?.0, "response.failed")
    }

    func testNothingBeforeTheAnswerStarts() throws {
        var encoder = ResponsesStreamEncoder(request: try echo(), ids: ids, requestedModel: "m")
        XCTAssertEqual(try encoder.encode(.failed(TurnFailure(errors: [], attempts: [], summary: "x"))), [])
        XCTAssertFalse(encoder.started)
    }

    func testResponseEchoesTheRequest() throws {
        let request = try echo(#"{"model":"m","input":"x","instructions":"I","max_output_tokens":9,"tool_choice":"required","metadata":{"run":"7"},"tools":[{"type":"function","name":"f","parameters":{"type":"object"}}]}"#)
        let bytes = try ResponsesObjectEncoder.response(AnthropicStreamEncoderTests.summary(text: "ok"), request: request, ids: ids)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        XCTAssertEqual(json["id"] as? String, "resp_req1")
        XCTAssertEqual(json["object"] as? String, "response")
        XCTAssertEqual(json["instructions"] as? String, "I")
        XCTAssertEqual(json["metadata"] as? [String: String], ["run": "7"])
        XCTAssertEqual(json["max_output_tokens"] as? Int, 9)
        XCTAssertEqual(json["tool_choice"] as? String, "required")
        XCTAssertEqual((json["tools"] as? [[String: Any]])?.first?["name"] as? String, "f")
        let message = try XCTUnwrap((json["output"] as? [[String: Any]])?.first)
        XCTAssertEqual(((message["content"] as? [[String: Any]])?.first)?["text"] as? String, "ok")
    }

    /// A call of a freeform tool goes back as the `custom_tool_call` the client offered, its text unwrapped,
    /// streamed and not alike.
    func testCustomToolCallsGoBackAsCustomItems() throws {
        let request = ResponsesEcho(try ResponsesRequestDecoder.decode(Array(#"{"model":"m","input":"x","tools":[{"type":"custom","name":"apply_patch"},{"type":"function","name":"shell"}]}"#.utf8)))
        let patch = "*** Begin Patch\n*** End Patch"
        let calls = [ToolCall(id: "c1", name: "apply_patch", arguments: ResponsesWireWords.customArguments(patch)),
                     ToolCall(id: "c2", name: "shell", arguments: #"{"command":["ls"]}"#)]
        let summary = AnthropicStreamEncoderTests.summary(text: "", calls: calls, finish: "tool_calls")
        var encoder = ResponsesStreamEncoder(request: request, ids: ids, requestedModel: "m")
        let events = try SSETestEvents.parse(String(decoding: try encoder.encode(.finished(summary)), as: UTF8.self))
        XCTAssertEqual(events.map(\.0), [
            "response.created", "response.in_progress",
            "response.output_item.added", "response.custom_tool_call_input.delta", "response.custom_tool_call_input.done",
            "response.output_item.done",
            "response.output_item.added", "response.function_call_arguments.delta", "response.function_call_arguments.done",
            "response.output_item.done", "response.completed",
        ])
        XCTAssertEqual(events[4].1["input"] as? String, patch)
        let custom = try XCTUnwrap(events[5].1["item"] as? [String: Any])
        XCTAssertEqual(custom["type"] as? String, "custom_tool_call")
        XCTAssertEqual(custom["input"] as? String, patch)
        XCTAssertEqual(custom["call_id"] as? String, "c1")
        let whole = try ResponsesObjectEncoder.response(summary, request: request, ids: ids)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(whole)) as? [String: Any])
        let completed = try XCTUnwrap(events.last?.1["response"] as? [String: Any])
        XCTAssertEqual(NSDictionary(dictionary: completed), NSDictionary(dictionary: object))
        XCTAssertEqual((object["output"] as? [[String: Any]])?.map { $0["type"] as? String }, ["custom_tool_call", "function_call"])
    }
}
