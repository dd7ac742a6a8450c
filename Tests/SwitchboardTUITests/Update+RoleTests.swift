import XCTest
import SwitchboardConfig
import SwitchboardCore
@testable import SwitchboardTUI

/// `/role NAME`, `/role`, `/role off`: the role's prompt first in every request, its model, temperature and effort
/// for the next turns, named in the title bar and kept with the session.
final class UpdateRoleTests: XCTestCase {
    private func command(_ line: String, _ state: inout AppState) -> [Effect] {
        _ = update(&state, .typeText(line))
        return update(&state, .command(.send))
    }

    private func request(_ effects: [Effect]) -> TurnRequest? {
        for case .startTurn(_, let request, _) in effects { return request }
        return nil
    }

    private func roleEffects(_ effects: [Effect]) -> [SessionRole?] {
        effects.compactMap { if case .persistRole(_, let role) = $0 { role } else { nil } }
    }

    private static let sql = RoleDefinition(name: "sql", systemPrompt: "You answer in SQL.", model: "demo/pro",
                                            temperature: 0.2, reasoning: .effort(.low), source: .file("/r/sql.toml"))

    private func state() -> AppState {
        var state = Fixtures.state()
        state.role.library = RoleLibrary(roles: BundledRoles.all + [Self.sql])
        return state
    }

    func testARoleSendsItsPromptFirstWithItsModelTemperatureAndEffort() {
        var state = state()
        XCTAssertTrue(command("/role sql", &state).isEmpty, "nothing to store before the session exists")
        XCTAssertEqual(state.model, "demo/pro")
        XCTAssertEqual(state.reasoning, .effort(.low))
        XCTAssertEqual(state.status?.text, "role sql from the next turn on (model demo/pro, temperature 0.2, effort low); /role off drops it")

        let (_, effects) = Fixtures.send("count users", &state)
        let sent = request(effects)
        XCTAssertEqual(sent?.messages.map(\.role), [.system, .user])
        XCTAssertEqual(sent?.messages.first?.text, "You answer in SQL.")
        XCTAssertEqual(sent?.temperature, 0.2)
        XCTAssertEqual(sent?.options.reasoning, .effort(.low))
        XCTAssertEqual(sent?.model.id, "demo/pro")
        XCTAssertEqual(effects.map(\.name), ["persistUserMessage", "startTurn", "persistRole"],
                       "the role is stored once the first message created the session")
        XCTAssertEqual(roleEffects(effects), [SessionRole(name: "sql", systemPrompt: "You answer in SQL.")])

        // Every later turn sends it again, and the role is stored only once.
        _ = update(&state, .engine(turn: state.turn?.id ?? UUID(), event: .finished(Fixtures.summary(turn: state.turn?.id ?? UUID(), text: "SELECT 1")), at: Fixtures.at(100)))
        let (_, next) = Fixtures.send("and admins", &state)
        XCTAssertEqual(request(next)?.messages.first?.text, "You answer in SQL.")
        XCTAssertEqual(request(next)?.messages.filter { $0.role == .system }.count, 1)
        XCTAssertTrue(roleEffects(next).isEmpty)
    }

    func testOnAStoredSessionTheRoleIsStoredAtOnceAndOffClearsIt() {
        var state = state()
        _ = Fixtures.completeTurn("hi", answer: "hello", &state)
        let effects = command("/role concise", &state)
        XCTAssertEqual(roleEffects(effects).map { $0?.name }, ["concise"])
        XCTAssertEqual(state.transcript.entries.last?.text, "role concise")
        let off = command("/role off", &state)
        XCTAssertEqual(off.map(\.name), ["persistRole"])
        XCTAssertEqual(roleEffects(off).count, 1)
        XCTAssertNil(roleEffects(off).first ?? nil, "nil clears the stored role")
        XCTAssertEqual(state.status?.text, "role concise off: no system prompt from the next turn on")
        let (_, sent) = Fixtures.send("again", &state)
        XCTAssertFalse(request(sent)?.messages.contains { $0.role == .system } ?? true)
        XCTAssertNil(request(sent)?.temperature)
    }

    func testAnUnknownRoleSuggestsCloseNamesAndChangesNothing() {
        var state = state()
        XCTAssertTrue(command("/role revewer", &state).isEmpty)
        XCTAssertEqual(state.status?.text, "unknown role 'revewer'. Did you mean: reviewer? `switchboard roles` lists every role.")
        XCTAssertEqual(state.status?.level, .error)
        XCTAssertNil(state.role.name)
        XCTAssertEqual(state.model, "demo/mini")
    }

    func testRoleAloneListsTheRolesMarkingTheOneInUse() {
        var state = state()
        _ = command("/role", &state)
        XCTAssertEqual(state.status?.text,
                       "roles: coder, concise, reviewer, sql, translator · /role NAME uses one, /role off drops it")
        _ = command("/role coder", &state)
        _ = command("/role", &state)
        XCTAssertTrue(state.status?.text.hasPrefix("roles: [coder], concise") ?? false, state.status?.text ?? "")
    }

    func testTheTitleBarNamesTheRole() {
        var state = state()
        _ = command("/role concise", &state)
        let top = Fixtures.rendered(state)[0]
        XCTAssertTrue(top.contains("model: demo/mini · role: concise"), top)
    }

    func testAResumedSessionKeepsItsRoleAndPrompt() {
        var state = state()
        let stored = StoredSession(id: UUID(), title: "Q", createdAt: Date(), updatedAt: Date(),
                                   systemPrompt: "You answer in SQL.", model: "demo/pro", role: "sql")
        _ = update(&state, .sessionLoaded(LoadedSession(session: stored, messages: [])))
        XCTAssertEqual(state.role.name, "sql")
        XCTAssertEqual(state.role.temperature, 0.2, "the role's temperature, while the role exists")
        let (_, effects) = Fixtures.send("more", &state)
        XCTAssertEqual(request(effects)?.messages.first?.text, "You answer in SQL.")
        XCTAssertTrue(roleEffects(effects).isEmpty, "already stored")
    }

    func testANewSessionKeepsTheRoleAndStoresItWithItsFirstMessage() {
        var state = state()
        _ = Fixtures.completeTurn("hi", answer: "hello", &state)
        _ = command("/role concise", &state)
        _ = update(&state, .command(.newSession))
        XCTAssertEqual(state.role.name, "concise")
        let (_, effects) = Fixtures.send("fresh start", &state)
        XCTAssertEqual(request(effects)?.messages.first?.role, .system)
        XCTAssertEqual(roleEffects(effects).map { $0?.name }, ["concise"], "stored with the new session too")
    }

    func testANewSessionDropsAPromptThatCameOnlyWithTheResumedSession() {
        var state = state()
        let stored = StoredSession(id: UUID(), title: "Q", createdAt: Date(), updatedAt: Date(), systemPrompt: "Be terse.")
        _ = update(&state, .sessionLoaded(LoadedSession(session: stored, messages: [])))
        XCTAssertEqual(request(Fixtures.send("a", &state).1)?.messages.first?.text, "Be terse.",
                       "a session stored with a system prompt (ask --system) keeps sending it")
        _ = update(&state, .engine(turn: state.turn?.id ?? UUID(), event: .finished(Fixtures.summary(turn: state.turn?.id ?? UUID(), text: "b")), at: Fixtures.at(100)))
        _ = update(&state, .command(.newSession))
        XCTAssertEqual(request(Fixtures.send("c", &state).1)?.messages.map(\.role), [.user])
    }

    func testTheHelpListsTheCommand() {
        XCTAssertTrue(SlashCommand.usage.contains("/role [NAME|off]"))
        XCTAssertEqual(SlashCommand(parsing: "/role off"), .role("off"))
        XCTAssertEqual(SlashCommand(parsing: "/role"), .role(nil))
    }

    func testTheEffectRunnerStoresTheRoleWithTheSessionItCreated() async throws {
        let store = MemoryWorkbenchStore()
        let runner = EffectRunner(dependencies: WorkbenchDependencies(engine: try Harness.engine(), store: store,
                                                                      exportDirectory: FileManager.default.temporaryDirectory),
                                  driver: BufferDriver()) { _ in }
        let session = SessionRef()
        runner.submit(.persistUserMessage(session: session, turn: UUID(), text: "hi", model: "demo/mini", task: nil))
        runner.submit(.persistRole(session: session, SessionRole(name: "sql", systemPrompt: "You answer in SQL.")))
        await runner.finish(timeout: .seconds(2))
        let id = try await XCTUnwrapAsync(await store.order.first)
        let loaded = try await store.loadSession(id.uuidString.lowercased())
        XCTAssertEqual(loaded.session.role, "sql")
        XCTAssertEqual(loaded.session.systemPrompt, "You answer in SQL.")
    }
}
