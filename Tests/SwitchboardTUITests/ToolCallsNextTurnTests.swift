import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

/// The turn after a tool turn sends the reply's calls and their results (not only the answer's text), so a model
/// switched to gets them in its own provider's shape: `update`, the effect runner, the real engine and adapters,
/// and a transport that keeps each request body, from OpenAI's wire to Anthropic's and back, live and after the
/// session was reopened from the store.
final class ToolCallsNextTurnTests: XCTestCase {
    /// The workbench's loop without a screen: effects to the runner, its actions back into `update`, each waiting
    /// call approved with `y`, until nothing is in flight.
    private final class Loop: @unchecked Sendable {
        let actions = LockedBox<[Action]>([])
        var consumed = 0
        var runner: EffectRunner!

        func drive(_ effects: [Effect], _ state: inout AppState) async throws {
            var pending = effects
            let deadline = ContinuousClock.now + .seconds(10)
            repeat {
                for effect in pending { runner.submit(effect) }
                pending = []
                try await Task.sleep(for: .milliseconds(5))
                let all = actions.value
                while consumed < all.count {
                    pending += update(&state, all[consumed])
                    consumed += 1
                }
                if !state.tools.waiting.isEmpty { pending += update(&state, .command(.approveToolOnce)) }
            } while (state.isStreaming || !pending.isEmpty) && ContinuousClock.now < deadline
            XCTAssertFalse(state.isStreaming, "the turn ended")
        }
    }

    /// A tool turn on `first`, then (after reopening the session when `reopen`) a turn on `then`: the body of the
    /// first request `then`'s provider got, as JSON.
    private func nextTurnBody(first: String, then: String, reopen: Bool) async throws -> [String: Any] {
        let transport = TwoWireToolTransport()
        let store = MemoryWorkbenchStore()
        let loop = Loop()
        loop.runner = EffectRunner(dependencies: WorkbenchDependencies(engine: try transport.engine(), store: store,
                                                                       exportDirectory: FileManager.default.temporaryDirectory,
                                                                       tools: ClockToolProvider()),
                                   driver: BufferDriver()) { [actions = loop.actions] action in actions.mutate { $0.append(action) } }
        var state = Fixtures.state(model: first)
        state.tools.available = true
        _ = update(&state, .typeText("what time is it?"))
        try await loop.drive(update(&state, .command(.send)), &state)
        XCTAssertEqual(state.transcript.entries.last?.text, "It is 19:30 UTC.")
        let session = try await XCTUnwrapAsync(await store.order.last)
        if reopen {
            var reopened = Fixtures.state(model: first)
            reopened.tools.available = true
            _ = update(&reopened, .sessionLoaded(try await store.loadSession(session.uuidString)))
            state = reopened
        }
        // What the workbench sends is what the store keeps of the conversation (calls, results, the answer).
        let stored = try await store.conversation(in: session)
        XCTAssertEqual(state.conversationToSend, stored)
        state.model = then
        let before = transport.requests.count
        _ = update(&state, .typeText("and in Tokyo?"))
        try await loop.drive(update(&state, .command(.send)), &state)
        await loop.runner.finish(timeout: .seconds(2))
        let thenWire: TwoWireToolTransport.Wire = then == "acme/claude" ? .anthropic : .openAI
        let body = try XCTUnwrap(transport.requests.dropFirst(before).first { $0.wire == thenWire }?.body)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
    }

    private func XCTUnwrapAsync<T>(_ value: T?) async throws -> T { try XCTUnwrap(value) }

    /// OpenAI's shape: the assistant's `tool_calls`, then a `tool` message answering the call by `tool_call_id`.
    private func assertOpenAIShape(_ body: [String: Any], callID: String) throws {
        let messages = try XCTUnwrap(body["messages"] as? [[String: Any]])
        XCTAssertEqual(messages.map { $0["role"] as? String }, ["user", "assistant", "tool", "assistant", "user"])
        let calls = try XCTUnwrap(messages[1]["tool_calls"] as? [[String: Any]])
        XCTAssertEqual(calls.count, 1)
        XCTAssertEqual(calls[0]["id"] as? String, callID)
        XCTAssertEqual(calls[0]["type"] as? String, "function")
        let function = try XCTUnwrap(calls[0]["function"] as? [String: Any])
        XCTAssertEqual(function["name"] as? String, "get_current_time")
        let arguments = try XCTUnwrap(function["arguments"] as? String)
        XCTAssertEqual(try JSONValue(parsing: arguments), .object(["timezone": .string("UTC")]))
        XCTAssertEqual(messages[2]["tool_call_id"] as? String, callID)
        XCTAssertEqual(messages[2]["content"] as? String, #"{"timezone": "UTC", "datetime": "2026-12-05T19:30:00+00:00"}"#)
        XCTAssertEqual(messages[3]["content"] as? String, "It is 19:30 UTC.")
        XCTAssertEqual(messages[4]["content"] as? String, "and in Tokyo?")
    }

    /// Anthropic's shape: a `tool_use` block in the assistant's turn, a `tool_result` block answering it in the
    /// next user turn.
    private func assertAnthropicShape(_ body: [String: Any], callID: String) throws {
        let messages = try XCTUnwrap(body["messages"] as? [[String: Any]])
        XCTAssertEqual(messages.map { $0["role"] as? String }, ["user", "assistant", "user", "assistant", "user"])
        let use = try XCTUnwrap((messages[1]["content"] as? [[String: Any]])?.first { $0["type"] as? String == "tool_use" })
        XCTAssertEqual(use["id"] as? String, callID)
        XCTAssertEqual(use["name"] as? String, "get_current_time")
        XCTAssertEqual(use["input"] as? [String: String], ["timezone": "UTC"])
        let result = try XCTUnwrap((messages[2]["content"] as? [[String: Any]])?.first { $0["type"] as? String == "tool_result" })
        XCTAssertEqual(result["tool_use_id"] as? String, callID)
        let content = "\(result["content"] ?? "")"
        XCTAssertTrue(content.contains("2026-12-05T19:30:00+00:00"), content)
        XCTAssertTrue(body["tools"] != nil, "tools are offered, so the blocks go as blocks")
    }

    func testFromOpenAIToAnthropicTheCallAndResultGoAsToolUseAndToolResult() async throws {
        try assertAnthropicShape(try await nextTurnBody(first: "acme/gpt", then: "acme/claude", reopen: false), callID: "call_1")
    }

    func testFromAnthropicToOpenAITheCallAndResultGoAsToolCallsAndAToolMessage() async throws {
        try assertOpenAIShape(try await nextTurnBody(first: "acme/claude", then: "acme/gpt", reopen: false), callID: "toolu_1")
    }

    func testAReopenedSessionSendsItsStoredCallsToAnAnthropicModel() async throws {
        try assertAnthropicShape(try await nextTurnBody(first: "acme/gpt", then: "acme/claude", reopen: true), callID: "call_1")
    }

    func testAReopenedSessionSendsItsStoredCallsToAnOpenAIModel() async throws {
        try assertOpenAIShape(try await nextTurnBody(first: "acme/claude", then: "acme/gpt", reopen: true), callID: "toolu_1")
    }
}
