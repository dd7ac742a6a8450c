import Foundation
import SwitchboardCore
import SwitchboardTestSupport
import XCTest

/// `serve` records a client's conversation in one session: the real binary over real HTTP (curl), requests
/// naming one conversation land in one session turn after turn, and requests naming none in the key's (here
/// "(no key)"'s) session of the day; `x-switchboard-session` names the session `history show` opens.
final class GatewaySessionsServeTests: XCTestCase {
    private var cli: CLIRunner!
    private var fixture: ProviderFixture!
    private var serve: GatewayServeProcess?
    private var db: String { cli.home.appendingPathComponent("gateway.sqlite").path }

    static let answer = FixtureAnswer(text: "Noted, here is the answer.", chunkCount: 3)

    override func setUp() async throws {
        cli = try CLIRunner()
        fixture = try await ProviderFixture.start(.init(answer: Self.answer))
        try cli.writeConfig("""
            default_model = "openai/gpt-4o-mini"

            [providers.openai]
            base_url = "\(fixture.openAIBaseURL.absoluteString)"
            """)
    }

    override func tearDown() async throws {
        _ = serve?.stop(signal: SIGKILL)
        try await fixture?.shutdown()
        cli?.cleanUp()
    }

    private func start(auth: Bool = false) throws -> GatewayServeProcess {
        let started = try GatewayServeProcess.start(cli, (auth ? [] : ["--no-auth"]) + ["--db", db],
                                                    extraEnvironment: ["OPENAI_API_KEY": "sk-gateway-test-0001"])
        serve = started
        return started
    }

    /// A Chat Completions body: `messages` as (role, text) pairs, then `extra` fields.
    private func chat(_ messages: [(String, String)], _ extra: String = "") throws -> String {
        let list = messages.map { ["role": $0.0, "content": $0.1] }
        let encoded = String(decoding: try JSONSerialization.data(withJSONObject: list), as: UTF8.self)
        return #"{"model":"openai/gpt-4o-mini","messages":\#(encoded)\#(extra.isEmpty ? "" : "," + extra)}"#
    }

    private func sessions() throws -> [[String: Any]] {
        let list = try cli.run(["history", "list", "--json", "--db", db])
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]], list.stderr)
    }

    /// The session's messages as "role: text", in order.
    private func shown(_ reference: String) throws -> [String] {
        let shown = try cli.run(["history", "show", reference, "--json", "--db", db])
        XCTAssertEqual(shown.status, 0, shown.stderr)
        let messages = try XCTUnwrap(try jsonObject(shown.stdout)["messages"] as? [[String: Any]])
        return messages.map { "\($0["role"] as? String ?? "?"): \($0["text"] as? String ?? "?")" }
    }

    func testTwoRequestsWithTheSameHeaderLandInOneSessionTurnAfterTurn() throws {
        let server = try start()
        let header = ["-H", "X-Switchboard-Session: trip-planning 42"]
        let first = try server.curl("/v1/chat/completions", header, body: try chat([("system", "Be brief."), ("user", "Plan a day in Lyon")]))
        XCTAssertEqual(first.status, 200, first.body)
        let session = try XCTUnwrap(first.headers["x-switchboard-session"], "\(first.headers)")
        // The client sends the whole conversation again, streamed this time: only the new prompt is stored.
        let second = try server.curl("/v1/chat/completions", ["-N"] + header, body: try chat(
            [("system", "Be brief."), ("user", "Plan a day in Lyon"), ("assistant", Self.answer.text), ("user", "And the evening?")],
            #""stream":true"#))
        XCTAssertEqual(second.status, 200, second.body)
        XCTAssertEqual(second.headers["x-switchboard-session"], session)

        let listed = try sessions()
        XCTAssertEqual(listed.count, 1, "\(listed)")
        XCTAssertEqual(listed.first?["title"] as? String, "Plan a day in Lyon")
        XCTAssertEqual(try shown(session), ["user: Plan a day in Lyon", "assistant: \(Self.answer.text)",
                                            "user: And the evening?", "assistant: \(Self.answer.text)"])
        // Another conversation id is another session, even with the same messages.
        let other = try server.curl("/v1/chat/completions", ["-H", "X-Switchboard-Session: another"],
                                    body: try chat([("user", "Plan a day in Lyon")]))
        XCTAssertNotEqual(try XCTUnwrap(other.headers["x-switchboard-session"]), session)
        XCTAssertEqual(try sessions().count, 2)
    }

    /// Two keys sending the same conversation id get a session each; unnamed requests go to each key's day.
    func testAKeyNeverWritesIntoAnotherKeysSession() throws {
        var keys: [String] = []
        for name in ["alice", "bob"] {
            let created = try cli.run(["keys", "create", name, "--db", db])
            XCTAssertEqual(created.status, 0, created.stderr)
            keys.append(created.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let server = try start(auth: true)
        func send(_ key: String, _ prompt: String, session: String?) throws -> String {
            let headers = ["-H", "Authorization: Bearer \(key)"] + (session.map { ["-H", "X-Switchboard-Session: \($0)"] } ?? [])
            let reply = try server.curl("/v1/chat/completions", headers, body: try chat([("user", prompt)]))
            XCTAssertEqual(reply.status, 200, reply.body)
            return try XCTUnwrap(reply.headers["x-switchboard-session"])
        }
        let alice = try send(keys[0], "alice asks", session: "shared-id")
        let bob = try send(keys[1], "bob asks", session: "shared-id")
        XCTAssertNotEqual(alice, bob)
        XCTAssertEqual(try shown(alice), ["user: alice asks", "assistant: \(Self.answer.text)"])
        XCTAssertEqual(try shown(bob), ["user: bob asks", "assistant: \(Self.answer.text)"])
        XCTAssertEqual(try send(keys[0], "alice again", session: "shared-id"), alice)

        let aliceDay = try send(keys[0], "unnamed from alice", session: nil)
        let bobDay = try send(keys[1], "unnamed from bob", session: nil)
        XCTAssertFalse([alice, bob, bobDay].contains(aliceDay))
        let titles = Set(try sessions().compactMap { $0["title"] as? String })
        XCTAssertTrue(titles.contains("alice · \(Self.today())") && titles.contains("bob · \(Self.today())"), "\(titles)")
    }

    /// A reply that calls two tools, then the client's two results in the next request: both results are stored
    /// as that turn's prompts, ahead of the reply that answers them.
    func testParallelToolResultsAreStoredAsTheNextTurnsPrompts() throws {
        var calling = FixtureAnswer(text: "", chunkCount: 1, finish: .toolCalls)
        calling.toolCalls = [FixtureToolCall(id: "call_1", name: "weather", argumentChunks: [#"{"city":"Paris"}"#]),
                             FixtureToolCall(id: "call_2", name: "weather", argumentChunks: [#"{"city":"Rome"}"#])]
        fixture.update { $0.answer = calling }
        let server = try start()
        let header = ["-H", "X-Switchboard-Session: tools-1"]
        let tools = #""tools":[{"type":"function","function":{"name":"weather","parameters":{"type":"object"}}}]"#
        let first = try server.curl("/v1/chat/completions", header, body: try chat([("user", "Weather in Paris and Rome?")], tools))
        XCTAssertEqual(first.status, 200, first.body)
        let session = try XCTUnwrap(first.headers["x-switchboard-session"])
        fixture.update { $0.answer = Self.answer }
        let second = try server.curl("/v1/chat/completions", header, body: #"""
            {"model":"openai/gpt-4o-mini",\#(tools),"messages":[
              {"role":"user","content":"Weather in Paris and Rome?"},
              {"role":"assistant","content":null,"tool_calls":[
                {"id":"call_1","type":"function","function":{"name":"weather","arguments":"{\"city\":\"Paris\"}"}},
                {"id":"call_2","type":"function","function":{"name":"weather","arguments":"{\"city\":\"Rome\"}"}}]},
              {"role":"tool","tool_call_id":"call_1","content":"18C"},
              {"role":"tool","tool_call_id":"call_2","content":"24C"}]}
            """#)
        XCTAssertEqual(second.status, 200, second.body)
        XCTAssertEqual(second.headers["x-switchboard-session"], session)
        let shown = try shown(session)
        XCTAssertEqual(shown.map { $0.prefix { $0 != ":" } }, ["user", "assistant", "tool", "tool", "assistant"], "\(shown)")
        XCTAssertEqual(shown.last, "assistant: \(Self.answer.text)")
    }

    /// Two serve processes on one database get the same new conversation id at once: one session.
    func testTwoServeProcessesCreatingOneConversationAtOnceMakeOneSession() throws {
        let first = try start()
        let second = try GatewayServeProcess.start(cli, ["--no-auth", "--db", db],
                                                   extraEnvironment: ["OPENAI_API_KEY": "sk-gateway-test-0001"])
        defer { _ = second.stop(signal: SIGKILL) }
        let body = try chat([("user", "racing prompt")])
        let replies = GatewayReplies()
        let ports = [first.port, second.port]
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            let url = "http://127.0.0.1:\(ports[index % 2])/v1/chat/completions"
            replies.add(Result {
                try GatewayHTTPReply(raw: GatewayServeProcess.run("/usr/bin/env", [
                    "curl", "-sS", "-i", "--max-time", "60", "-H", "X-Switchboard-Session: race-1",
                    "-H", "content-type: application/json", "--data-binary", body, url]))
            })
        }
        let all = try replies.all.map { try $0.get() }
        XCTAssertEqual(all.count, 8)
        XCTAssertTrue(all.allSatisfy { $0.status == 200 }, all.map(\.body).joined(separator: "\n"))
        XCTAssertEqual(Set(all.compactMap { $0.headers["x-switchboard-session"] }).count, 1)
        XCTAssertEqual(try sessions().count, 1)
    }

    static func today() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        return formatter.string(from: Date())
    }

    /// Codex names its conversation with `prompt_cache_key` on /v1/responses, Claude Code with
    /// `metadata.user_id` on /v1/messages: each conversation is one session across its requests.
    func testResponsesAndMessagesRequestsNameTheirConversationInTheBody() throws {
        let server = try start()
        let first = try server.curl("/v1/responses", body: #"{"model":"openai/gpt-4o-mini","input":"list the files","prompt_cache_key":"codex-7"}"#)
        XCTAssertEqual(first.status, 200, first.body)
        let codex = try XCTUnwrap(first.headers["x-switchboard-session"])
        let second = try server.curl("/v1/responses", body: #"""
            {"model":"openai/gpt-4o-mini","prompt_cache_key":"codex-7","input":[
              {"role":"user","content":"list the files"},{"role":"assistant","content":"\#(Self.answer.text)"},
              {"role":"user","content":"now the tests"}]}
            """#)
        XCTAssertEqual(second.status, 200, second.body)
        XCTAssertEqual(second.headers["x-switchboard-session"], codex)
        XCTAssertEqual(try shown(codex), ["user: list the files", "assistant: \(Self.answer.text)",
                                          "user: now the tests", "assistant: \(Self.answer.text)"])

        let anthropic = #"{"model":"openai/gpt-4o-mini","max_tokens":100,"metadata":{"user_id":"user_abc_session_1"},"messages":[{"role":"user","content":"hello claude"}]}"#
        let one = try server.curl("/v1/messages", body: anthropic)
        let two = try server.curl("/v1/messages", body: anthropic)
        XCTAssertEqual(one.status, 200, one.body)
        let claude = try XCTUnwrap(one.headers["x-switchboard-session"])
        XCTAssertEqual(two.headers["x-switchboard-session"], claude)
        XCTAssertNotEqual(claude, codex)
        XCTAssertEqual(try sessions().count, 2)
    }

    func testRequestsWithoutAnIdLandInTheDaySessionAndBodyIdsNameTheirOwn() throws {
        let server = try start()
        let one = try server.curl("/v1/chat/completions", body: try chat([("user", "first unrelated question")]))
        let two = try server.curl("/v1/chat/completions", body: try chat([("user", "second unrelated question")]))
        XCTAssertEqual(one.status, 200, one.body)
        let day = try XCTUnwrap(one.headers["x-switchboard-session"])
        XCTAssertEqual(two.headers["x-switchboard-session"], day)
        let listed = try sessions()
        XCTAssertEqual(listed.count, 1, "\(listed)")
        XCTAssertEqual(listed.first?["title"] as? String, "(no key) · \(Self.today())")
        XCTAssertEqual(try shown(day), ["user: first unrelated question", "assistant: \(Self.answer.text)",
                                        "user: second unrelated question", "assistant: \(Self.answer.text)"])

        // metadata.session_id names a conversation; the header wins over it.
        let named = try server.curl("/v1/chat/completions", body: try chat([("user", "named by metadata")], #""metadata":{"session_id":"s-1"}"#))
        let namedSession = try XCTUnwrap(named.headers["x-switchboard-session"])
        XCTAssertNotEqual(namedSession, day)
        let user = try server.curl("/v1/chat/completions", body: try chat([("user", "named by user")], #""user":"u-9""#))
        let userSession = try XCTUnwrap(user.headers["x-switchboard-session"])
        XCTAssertFalse([day, namedSession].contains(userSession))
        // metadata.session_id comes before user.
        let both = try server.curl("/v1/chat/completions", body: try chat([("user", "named twice")],
                                                                           #""user":"u-9","metadata":{"session_id":"s-1"}"#))
        XCTAssertEqual(both.headers["x-switchboard-session"], namedSession)
        let overridden = try server.curl("/v1/chat/completions", ["-H", "X-Switchboard-Session: s-1"],
                                         body: try chat([("user", "header wins")], #""metadata":{"session_id":"other"}"#))
        XCTAssertEqual(overridden.headers["x-switchboard-session"], namedSession)

        // A header longer than 128 characters is refused before anything is stored.
        let before = try sessions().count
        let bad = try server.curl("/v1/chat/completions", ["-H", "X-Switchboard-Session: " + String(repeating: "x", count: 129)],
                                  body: try chat([("user", "too long")]))
        XCTAssertEqual(bad.status, 400, bad.body)
        XCTAssertTrue(bad.body.contains("invalid_session"), bad.body)
        XCTAssertNil(bad.headers["x-switchboard-session"])
        XCTAssertEqual(try sessions().count, before)
    }
}

/// Replies collected from concurrent requests.
private final class GatewayReplies: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Result<GatewayHTTPReply, any Error>] = []

    func add(_ reply: Result<GatewayHTTPReply, any Error>) { lock.withLock { stored.append(reply) } }
    var all: [Result<GatewayHTTPReply, any Error>] { lock.withLock { stored } }
}
