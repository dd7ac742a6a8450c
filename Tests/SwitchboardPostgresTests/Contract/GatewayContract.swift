import Foundation
import SwitchboardCore
import XCTest

/// One set of tests for `serve`'s ports (gateway keys, the sessions of its conversations, request lookup, the
/// Gateway section's activity, archives), run on every backend (`SQLiteGatewayContractTests`,
/// `PostgresGatewayContractTests`). `instance()` opens another store on the test's one database: another process
/// on the SQLite file, another instance on the PostgreSQL database.
struct GatewayContract {
    typealias Store = any SessionStore & Ledger & GatewayKeyStore & GatewaySessions & GatewayActivityReading
        & RequestLookup & SessionTransfer & BudgetReading

    let instance: @Sendable () async throws -> Store

    // MARK: Keys

    /// Only a salted hash is kept (per-key salt, not the bare SHA-256); a key authenticates on every instance.
    func keysKeepOnlyASaltedHash() async throws {
        let store = try await instance()
        let (key, secret) = try await create(store, "ci")
        let (other, otherSecret) = try await create(store, "laptop")
        XCTAssertTrue(secret.hasPrefix("sb-"))
        XCTAssertEqual(secret.count, 67)
        XCTAssertEqual(key.prefix, String(secret.prefix(11)))
        let stored = try await store.gatewayKeyCandidates(prefix: key.prefix).map(\.stored)
        let otherStored = try await store.gatewayKeyCandidates(prefix: other.prefix).map(\.stored)
        XCTAssertEqual(stored.count, 1)
        XCTAssertNotEqual(stored.first?.salt, otherStored.first?.salt, "every key has its own salt")
        for kept in stored + otherStored {
            XCTAssertNotEqual(kept.hash, secret)
            XCTAssertNotEqual(kept.hash, SHA256.hex(Data(secret.utf8)), "the hash is salted")
        }
        let again = try await instance()
        let found = try await again.authenticate(secret)
        XCTAssertEqual(found?.id, key.id)
        let otherFound = try await again.authenticate(otherSecret)
        XCTAssertEqual(otherFound?.id, other.id)
    }

    /// Forged, malformed and revoked keys are refused; a key revoked on one instance is refused by another at once.
    func wrongMalformedAndRevokedKeysDoNotAuthenticate() async throws {
        let store = try await instance()
        let other = try await instance()
        let (_, secret) = try await create(store, "ci")
        let forged = String(secret.prefix(11)) + String(repeating: "0", count: 56)
        let wrong = try await store.authenticate(forged)
        XCTAssertNil(wrong)
        let malformed = try await store.authenticate("sb-nothex")
        XCTAssertNil(malformed)
        let empty = try await store.authenticate("")
        XCTAssertNil(empty)
        let right = try await other.authenticate(secret)
        XCTAssertNotNil(right)
        let revoked = try await store.revokeGatewayKey(named: "ci", at: Date())
        XCTAssertNotNil(revoked.revokedAt)
        let afterRevoke = try await other.authenticate(secret)
        XCTAssertNil(afterRevoke, "the other instance refuses the revoked key")
        let again = try await store.revokeGatewayKey(named: "ci", at: Date().addingTimeInterval(60))
        XCTAssertEqual(again.revokedAt, revoked.revokedAt, "revoking twice keeps the first time")
        do {
            _ = try await store.revokeGatewayKey(named: "nope", at: Date())
            XCTFail("revoking an unknown key must fail")
        } catch let error as GatewayKeyError {
            XCTAssertEqual(error, .unknownName("nope"))
        }
    }

    /// A name is taken once, even when two instances race for it, and stays taken after revoking.
    func duplicateAndBadNamesAreRefused() async throws {
        let first = try await instance()
        let second = try await instance()
        let results = await withTaskGroup(of: Bool.self) { group in
            for store in [first, second, first, second] {
                group.addTask {
                    do { _ = try await self.create(store, "ci"); return true } catch { return false }
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        XCTAssertEqual(results.filter { $0 }.count, 1, "one instance gets the name")
        _ = try await first.revokeGatewayKey(named: "ci", at: Date())
        do {
            _ = try await create(second, "ci")
            XCTFail("a name stays taken")
        } catch let error as GatewayKeyError {
            XCTAssertEqual(error, .duplicateName("ci"))
        }
        do {
            _ = try await create(first, "has space")
            XCTFail("a bad name must be refused")
        } catch let error as GatewayKeyError {
            XCTAssertEqual(error, .invalidName("has space"))
        }
    }

    /// Limits round-trip; `keys list` counts a key's known costs (0.1 + 0.2 exactly) whether its turn was attributed
    /// before its attempts or after, once however often it is attributed; tags are kept once, sorted.
    func limitsRoundTripAndKeySpend() async throws {
        let store = try await instance()
        let limits = GatewayKeyLimits(daily: money("1.5"), monthly: money("20"), models: ["gpt-4o*", "anthropic/*"], rpm: 30)
        let (key, _) = try await create(store, "ci", limits)
        let (plain, _) = try await create(store, "laptop")
        let early = try await turn(store, key: key, tags: ["team:a", "ci"])
        try await store.record(attempt(early, outcome: .success, cost: "0.1"))
        let late = try await turn(store, key: nil)
        try await store.record(attempt(late, outcome: .success, cost: "0.2"))
        try await store.attributeTurn(late, key: key.id, tags: ["x"])
        try await store.attributeTurn(late, key: key.id, tags: ["x"])
        let unrelated = try await turn(store, key: nil)
        try await store.record(attempt(unrelated, outcome: .success, cost: "4"))
        let listed = try await store.gatewayKeys()
        XCTAssertEqual(listed.map(\.key.name), ["ci", "laptop"])
        XCTAssertEqual(listed[0].key, key)
        XCTAssertEqual(listed[0].key.limits, limits)
        XCTAssertEqual(listed[0].today, money("0.3"), "its attempts, not the other turn's")
        XCTAssertEqual(listed[0].thisMonth, money("0.3"))
        XCTAssertEqual(listed[1].key.limits, GatewayKeyLimits())
        XCTAssertEqual(listed[1].today, .zero)
        XCTAssertNil(plain.budget)
        let request = try await store.storedRequest(early)
        XCTAssertEqual(request?.tags, ["ci", "team:a"])
        XCTAssertEqual(request?.keyName, "ci")
    }

    // MARK: Sessions of serve's conversations

    func sameConversationIsOneSessionAndKeysNeverShare() async throws {
        let store = try await instance()
        let first = try await store.gatewaySession(key: 7, conversation: .named("chat-1"), new: new("Plan the trip to Lyon"), title: nil)
        let again = try await store.gatewaySession(key: 7, conversation: .named("chat-1"), new: new("and the return?"), title: nil)
        XCTAssertTrue(first.created)
        XCTAssertFalse(again.created)
        XCTAssertEqual(again.session, first.session)
        let value1 = try await store.recentSessions(limit: 10).first?.title
        XCTAssertEqual(value1, "Plan the trip to Lyon")
        let a = try await store.gatewaySession(key: 1, conversation: .named("2026-12-05"), new: new("a"), title: nil)
        let b = try await store.gatewaySession(key: 2, conversation: .named("2026-12-05"), new: new("b"), title: nil)
        let open = try await store.gatewaySession(key: nil, conversation: .named("2026-12-05"), new: new("c"), title: nil)
        let day = try await store.gatewaySession(key: 1, conversation: .day("2026-12-05"), new: new("d"), title: "ci · 2026-12-05")
        XCTAssertEqual(Set([first.session, a.session, b.session, open.session, day.session]).count, 5)
        XCTAssertTrue([a, b, open, day].allSatisfy(\.created))
        let dayAgain = try await store.gatewaySession(key: 1, conversation: .day("2026-12-05"), new: new("e"), title: "ci · 2026-12-05")
        XCTAssertEqual(dayAgain.session, day.session)
        let titles = try await store.recentSessions(limit: 10).map(\.title)
        XCTAssertTrue(titles.contains("ci · 2026-12-05"), "\(titles)")
    }

    /// Three instances ask for the same new conversation at once, eight callers each, for 30 conversations: every
    /// conversation gets one session, created once.
    func concurrentCreationMakesOneSession() async throws {
        let stores = [try await instance(), try await instance(), try await instance()]
        let conversations = 30
        let matches = try await withThrowingTaskGroup(of: (Int, GatewaySessionMatch).self) { group in
            for conversation in 0..<conversations {
                for caller in 0..<8 {
                    let store = stores[caller % 3]
                    group.addTask {
                        (conversation, try await store.gatewaySession(key: 3, conversation: .named("shared-\(conversation)"),
                                                                      new: NewSession(firstPrompt: "p\(caller)", model: nil), title: nil))
                    }
                }
            }
            return try await group.reduce(into: [Int: [GatewaySessionMatch]]()) { $0[$1.0, default: []].append($1.1) }
        }
        XCTAssertEqual(matches.count, conversations)
        for (conversation, found) in matches {
            XCTAssertEqual(found.count, 8)
            XCTAssertEqual(Set(found.map(\.session)).count, 1, "conversation \(conversation): every caller gets the one session")
            XCTAssertEqual(found.filter(\.created).count, 1, "conversation \(conversation)")
        }
        let value2 = try await stores[0].recentSessions(limit: 100).count
        XCTAssertEqual(value2, conversations)
    }

    func aDeletedSessionIsReplacedForItsConversation() async throws {
        let store = try await instance()
        let first = try await store.gatewaySession(key: 1, conversation: .named("c"), new: new("one"), title: nil)
        try await store.deleteSession(first.session.uuidString)
        let next = try await store.gatewaySession(key: 1, conversation: .named("c"), new: new("two"), title: nil)
        XCTAssertTrue(next.created)
        XCTAssertNotEqual(next.session, first.session)
        let value3 = try await store.recentSessions(limit: 5).map(\.title)
        XCTAssertEqual(value3, ["two"])
    }

    // MARK: Request lookup and activity

    func aStoredRequestHasItsKeyReplyAndAttemptsInOrder() async throws {
        let store = try await instance()
        let (key, _) = try await create(store, "ci")
        let id = try await turn(store, key: key, tags: ["team:a"])
        try await store.record(attempt(id, outcome: .failed(.rateLimited, afterFirstToken: false), message: "429"))
        try await store.record(attempt(id, 2, outcome: .success, cost: "0.1"))
        try await store.record(attempt(id, 3, outcome: .success, cost: "0.2"))
        try await store.finishReply(turn: id, AssistantCompletion(text: "hello", status: .complete, resolvedModel: "openai/gpt-4o-mini",
                                                                  provider: "openai"))
        let found = try await store.storedRequest(id)
        let request = try XCTUnwrap(found)
        XCTAssertEqual(request.keyName, "ci")
        XCTAssertEqual(request.tags, ["team:a"])
        XCTAssertEqual(request.status, .complete)
        XCTAssertEqual(request.requestedModel, "gpt-4o-mini")
        XCTAssertEqual(request.resolvedModel, "openai/gpt-4o-mini")
        XCTAssertEqual(request.provider, "openai")
        XCTAssertEqual(request.attempts.map(\.ordinal), [1, 2, 3])
        XCTAssertEqual(request.totalCost, money("0.3"), "exact: 0.1 + 0.2")
        XCTAssertNotNil(request.sessionID)
        let missing = try await store.storedRequest(UUID())
        XCTAssertNil(missing)
    }

    /// What one instance (`serve`) records shows in another's (the workbench's) activity: in flight, then spend
    /// per key and the last error; yesterday's traffic does not.
    func anotherInstancesTrafficShowsInTheActivity() async throws {
        let workbench = try await instance()
        let serve = try await instance()
        let now = Date()
        let value4 = try await workbench.gatewayActivity(now: now, calendar: .current).isEmpty
        XCTAssertTrue(value4)
        let (ci, _) = try await create(serve, "ci")
        let (laptop, _) = try await create(serve, "laptop")
        let first = try await turn(serve, key: ci)
        try await serve.begin(attempt(first, outcome: .inFlight))
        var activity = try await workbench.gatewayActivity(now: now, calendar: .current)
        XCTAssertEqual(activity.keys, [GatewayActivity.Key(name: "ci", inFlight: 1, spentToday: .zero)])
        XCTAssertEqual(activity.inFlight, 1)
        XCTAssertNil(activity.lastError)
        try await serve.record(attempt(first, outcome: .success, cost: "0.0125"))
        let second = try await turn(serve, key: laptop)
        try await serve.record(attempt(second, outcome: .failed(.rateLimited, afterFirstToken: false),
                                       at: now.addingTimeInterval(1), message: "openai said 429: slow down"))
        try await serve.record(attempt(second, 2, outcome: .success, cost: "0.002", at: now.addingTimeInterval(2)))
        let third = try await turn(serve, key: ci)
        try await serve.record(attempt(third, outcome: .failed(.server, afterFirstToken: true), cost: "0.001",
                                       at: now.addingTimeInterval(3), message: "upstream broke"))
        activity = try await workbench.gatewayActivity(now: now, calendar: .current)
        XCTAssertEqual(activity.keys, [GatewayActivity.Key(name: "ci", inFlight: 0, spentToday: money("0.0135")),
                                       GatewayActivity.Key(name: "laptop", inFlight: 0, spentToday: money("0.002"))])
        let error = try XCTUnwrap(activity.lastError)
        XCTAssertEqual(error.key, "ci")
        XCTAssertEqual(error.kind, "server")
        XCTAssertEqual(error.provider, "openai")
        XCTAssertEqual(error.message, "upstream broke")
        let old = try await turn(serve, key: ci)
        let yesterday = Calendar.current.date(byAdding: .day, value: -1, to: now) ?? now
        try await serve.record(attempt(old, outcome: .failed(.server, afterFirstToken: false), cost: "1", at: yesterday))
        let value5 = try await workbench.gatewayActivity(now: now, calendar: .current)
        XCTAssertEqual(value5, activity)
    }

    /// `serve --no-auth` traffic (its sessions filed under no key) shows as "(no key)"; `ask`'s never does.
    func noAuthTrafficShowsUnderNoKeyAndAskTrafficNever() async throws {
        let store = try await instance()
        let match = try await store.gatewaySession(key: nil, conversation: .day("2026-12-05"),
                                                   new: NewSession(firstPrompt: "hi", model: nil), title: nil)
        let served = UUID()
        try await store.commitPrompt(session: match.session, turn: served, text: "hi")
        let asked = try await turn(store, key: nil)
        try await store.begin(attempt(served, outcome: .inFlight))
        try await store.record(attempt(asked, outcome: .failed(.server, afterFirstToken: false), cost: "5", message: "ask's"))
        var activity = try await store.gatewayActivity(now: Date(), calendar: .current)
        XCTAssertEqual(activity.keys, [GatewayActivity.Key(name: "(no key)", inFlight: 1, spentToday: .zero)])
        XCTAssertNil(activity.lastError, "ask's failure is not the gateway's")
        try await store.record(attempt(served, outcome: .failed(.overloaded, afterFirstToken: true), cost: "0.25",
                                       at: Date().addingTimeInterval(1), message: "overloaded"))
        activity = try await store.gatewayActivity(now: Date(), calendar: .current)
        XCTAssertEqual(activity.keys, [GatewayActivity.Key(name: "(no key)", inFlight: 0, spentToday: money("0.25"))])
        XCTAssertEqual(activity.lastError?.key, "(no key)")
        XCTAssertEqual(activity.lastError?.kind, "overloaded")
    }

    // MARK: Archives

    /// Importing an archive into the database it came from stores a copy under new ids, without attempts (their
    /// spend is counted once already); a broken archive stores nothing.
    func archivesCopyUnderNewIDsAndABrokenOneStoresNothing() async throws {
        let store = try await instance()
        let session = try await store.createSession(NewSession(firstPrompt: "Compare \"models\"", model: "openai/gpt-4o"))
        let id = UUID()
        try await store.commitPrompt(session: session, turn: id, text: "Explain 数据库 \u{1B}[31m/ paths")
        try await store.openReply(session: session, turn: id, promptTurn: id, requestedModel: "openai/gpt-4o")
        try await store.record(attempt(id, outcome: .success, cost: "0.1"))
        try await store.finishReply(turn: id, AssistantCompletion(text: "A database stores data.", status: .complete, cost: money("0.1")))
        let archive = try await store.exportArchive(session.uuidString)
        let copy = try await store.importArchive(archive)
        XCTAssertFalse(copy.keptID)
        XCTAssertNotEqual(copy.sessionID, session)
        XCTAssertEqual(copy.messageCount, 2)
        XCTAssertEqual(copy.attemptCount, 0)
        let spend = try await store.currentBudgetSpend(session: nil)
        XCTAssertEqual(spend.today, money("0.1"), "the copy's spend is not counted twice")
        let text = String(decoding: archive, as: UTF8.self).replacingOccurrences(of: "\"role\" : \"assistant\"",
                                                                                 with: "\"role\" : \"robot\"")
        let before = try await store.recentSessions(limit: 10).count
        do {
            _ = try await store.importArchive(Data(text.utf8))
            XCTFail("an unknown role must be refused")
        } catch {
            XCTAssertTrue("\(error)".contains("unknown role 'robot'"), "\(error)")
        }
        let value6 = try await store.recentSessions(limit: 10).count
        XCTAssertEqual(value6, before, "nothing stored")
    }

    // MARK: Helpers

    private func money(_ text: String) -> Money { Money(Decimal(string: text) ?? -1) }

    private func new(_ prompt: String) -> NewSession { NewSession(firstPrompt: prompt, model: "auto") }

    private func create(_ store: Store, _ name: String, _ limits: GatewayKeyLimits = GatewayKeyLimits())
        async throws -> (key: GatewayKey, secret: String) {
        let (secret, stored) = GatewayKeySecret.generate()
        return (try await store.createGatewayKey(name: name, limits: limits, stored: stored, at: Date()), secret)
    }

    /// A turn recorded as `serve` records one: its session, prompt and reply, attributed to `key`.
    private func turn(_ store: Store, key: GatewayKey?, tags: [String] = []) async throws -> UUID {
        let session = try await store.createSession(NewSession(firstPrompt: "hi", model: "gpt-4o-mini"))
        let turn = UUID()
        try await store.commitPrompt(session: session, turn: turn, text: "hi")
        try await store.openReply(session: session, turn: turn, promptTurn: turn, requestedModel: "gpt-4o-mini")
        if key != nil || !tags.isEmpty { try await store.attributeTurn(turn, key: key?.id, tags: tags) }
        return turn
    }

    private func attempt(_ turn: UUID, _ ordinal: Int = 1, outcome: AttemptRecord.Outcome, cost: String? = nil,
                         at: Date = Date(), message: String? = nil) -> AttemptRecord {
        AttemptRecord(turnID: turn, ordinal: ordinal, model: "openai/gpt-4o-mini", provider: "openai",
                      providerModel: "gpt-4o-mini", reason: "explicit", outcome: outcome, status: nil,
                      errorMessage: message, startedAt: at, duration: .milliseconds(200),
                      usage: cost == nil ? .zero : Usage(input: 10, output: 5), cost: cost.map(money))
    }
}
