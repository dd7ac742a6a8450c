import XCTest
import SwitchboardCore
@testable import SwitchboardStore

/// A session's role (migration "v8 session roles"): kept across processes, its prompt sent with every turn, carried
/// by export and import, shown by `history show`'s detail.
final class SQLiteStoreRolesTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
    }

    private var url: URL { directory.url.appendingPathComponent("history.sqlite") }

    func testARoleSurvivesReopeningAndItsPromptIsSentWithEveryTurn() async throws {
        let store = try SQLiteStore(url: url)
        let session = try await store.createSession(NewSession(firstPrompt: "hi", model: "demo/mini",
                                                               systemPrompt: "You review code.", role: "reviewer"))
        try await store.commitPrompt(session: session, turn: UUID(), text: "hi")
        let reference = session.uuidString.lowercased()

        let reopened = try SQLiteStore(url: url)
        let loaded = try await reopened.loadSession(reference)
        XCTAssertEqual(loaded.session.role, "reviewer")
        let sent = try await reopened.conversation(in: session)
        XCTAssertEqual(sent.map(\.role), [.system, .user])
        XCTAssertEqual(sent.first?.text, "You review code.")

        try await reopened.setSessionRole(session, role: SessionRole(name: "translator", systemPrompt: "Translate."))
        let switched = try await SQLiteStore(url: url).sessionDetail(reference)
        XCTAssertEqual(switched.session.role, "translator")
        XCTAssertEqual(switched.session.systemPrompt, "Translate.")

        try await reopened.setSessionRole(session, role: nil)
        let cleared = try await SQLiteStore(url: url).conversation(in: session)
        XCTAssertEqual(cleared.map(\.role), [.user], "/role off: no system message any more")
        let detail = try await reopened.sessionDetail(reference)
        XCTAssertNil(detail.session.role)
    }

    func testExportAndImportCarryTheRole() async throws {
        let store = try SQLiteStore(url: url)
        let session = try await store.createSession(NewSession(firstPrompt: "hi", model: "demo/mini",
                                                               systemPrompt: "Be brief.", role: "concise"))
        try await store.commitPrompt(session: session, turn: UUID(), text: "hi")
        let archive = try await store.exportArchive(session.uuidString.lowercased())
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: archive) as? [String: Any])
        XCTAssertEqual(json["role"] as? String, "concise")
        XCTAssertEqual(json["system_prompt"] as? String, "Be brief.")

        let other = try SQLiteStore(url: directory.url.appendingPathComponent("other.sqlite"))
        let imported = try await other.importArchive(archive)
        let detail = try await other.sessionDetail(imported.sessionID.uuidString.lowercased())
        XCTAssertEqual(detail.session.role, "concise")
        XCTAssertEqual(detail.session.systemPrompt, "Be brief.")
    }

    func testASessionWithoutARoleExportsNoRoleKey() async throws {
        let store = try SQLiteStore(url: url)
        let session = try await store.createSession(NewSession(firstPrompt: "hi", model: "demo/mini"))
        try await store.commitPrompt(session: session, turn: UUID(), text: "hi")
        let archive = try await store.exportArchive(session.uuidString.lowercased())
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: archive) as? [String: Any])
        XCTAssertNil(json["role"], "exports of sessions without a role stay as they were")
        XCTAssertTrue(StoreSchema.migrator.migrations.contains("v8 session roles"))
    }
}
