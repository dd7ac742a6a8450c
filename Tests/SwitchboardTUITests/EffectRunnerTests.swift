import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

final class EffectRunnerTests: XCTestCase {
    func testTheUserMessageIsCommittedBeforeTheTurnStarts() async throws {
        let store = MemoryWorkbenchStore()
        await store.setAppendDelay(.milliseconds(150))
        let actions = LockedBox<[(Action, ContinuousClock.Instant)]>([])
        let runner = EffectRunner(dependencies: WorkbenchDependencies(engine: try Harness.engine(), store: store,
                                                                      exportDirectory: FileManager.default.temporaryDirectory),
                                  driver: BufferDriver()) { action in actions.mutate { $0.append((action, ContinuousClock.now)) } }
        let session = SessionRef()
        let request = TurnRequest(messages: [.user("hi")], model: ModelRef(id: "demo/mini"))
        runner.submit(.persistUserMessage(session: session, turn: request.id, text: "hi", model: "demo/mini", task: nil))
        runner.submit(.startTurn(session: session, request, promptTurn: request.id))
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline, !actions.value.contains(where: { if case .engine(_, .finished, _) = $0.0 { true } else { false } }) {
            try await Task.sleep(for: .milliseconds(10))
        }
        let committed = try await XCTUnwrapAsync(await store.appendFinishedAt)
        let firstEngineEvent = try XCTUnwrap(actions.value.first { if case .engine = $0.0 { true } else { false } }?.1)
        XCTAssertLessThan(committed, firstEngineEvent)
        let created = try await XCTUnwrapAsync(await store.order.first).uuidString.lowercased()
        XCTAssertTrue(actions.value.contains { if case .sessionCreated(session.local, created) = $0.0 { true } else { false } })
        await runner.finish(timeout: .seconds(1))
    }

    func testAttachedFilesAreStoredWithThePromptAndComeBackOnResume() async throws {
        let store = MemoryWorkbenchStore()
        let actions = LockedBox<[Action]>([])
        let runner = EffectRunner(dependencies: WorkbenchDependencies(engine: try Harness.engine(), store: store,
                                                                      exportDirectory: FileManager.default.temporaryDirectory),
                                  driver: BufferDriver()) { action in actions.mutate { $0.append(action) } }
        let image = ContentPart.image(ImagePart(data: Data([0x89, 0x50, 0x4E, 0x47]), mediaType: "image/png"))
        runner.submit(.persistUserMessage(session: SessionRef(), turn: UUID(), text: "what is it?", model: "demo/mini",
                                          task: nil, attachments: [image]))
        await runner.finish(timeout: .seconds(2))
        let calls = await store.calls
        XCTAssertEqual(calls, ["user what is it? parts=2"])
        let stored = try await XCTUnwrapAsync(await store.sessions.values.first?.messages.first)
        XCTAssertEqual(stored.parts, [image, .text("what is it?")])

        var state = Fixtures.state()
        let session = try await XCTUnwrapAsync(await store.sessions.values.first)
        _ = update(&state, .sessionLoaded(session))
        XCTAssertEqual(state.transcript.entries.first?.attachments.map(\.chip), ["[📎 image.png 4 B]"])
    }

    func testStoreFailuresComeBackAsActions() async throws {
        let actions = LockedBox<[Action]>([])
        let runner = EffectRunner(dependencies: WorkbenchDependencies(engine: try Harness.engine(), store: MemoryWorkbenchStore(),
                                                                      exportDirectory: FileManager.default.temporaryDirectory),
                                  driver: BufferDriver()) { action in actions.mutate { $0.append(action) } }
        runner.submit(.loadSession("nope"))
        runner.submit(.exportSession("nope", fileName: "x.md"))
        await runner.finish(timeout: .seconds(2))
        let failures = actions.value.filter { if case .storeFailed = $0 { true } else { false } }
        XCTAssertEqual(failures.count, 2)
    }

    func testWithoutAStoreHistorySaysItIsUnavailable() async throws {
        let actions = LockedBox<[Action]>([])
        let runner = EffectRunner(dependencies: WorkbenchDependencies(engine: try Harness.engine(), store: nil,
                                                                      exportDirectory: FileManager.default.temporaryDirectory),
                                  driver: BufferDriver()) { action in actions.mutate { $0.append(action) } }
        runner.submit(.listSessions(generation: 1))
        await runner.finish(timeout: .seconds(2))
        guard case .storeFailed(let message) = actions.value.first else { return XCTFail() }
        XCTAssertTrue(message.contains("no session store"))
    }

    func testClipboardAndRepaintGoStraightToTheDriver() async throws {
        let driver = BufferDriver()
        let runner = EffectRunner(dependencies: WorkbenchDependencies(engine: try Harness.engine(), store: nil,
                                                                      exportDirectory: FileManager.default.temporaryDirectory),
                                  driver: driver) { _ in }
        runner.submit(.copyToClipboard("let x = 1"))
        XCTAssertEqual(driver.copied, ["let x = 1"])
        await runner.finish(timeout: .seconds(1))
    }

    func testExportWritesTheMarkdownFile() async throws {
        let session = LoadedSession(id: "s1", title: "T", model: nil, messages: [.init(role: .user, text: "hello")])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let actions = LockedBox<[Action]>([])
        let runner = EffectRunner(dependencies: WorkbenchDependencies(engine: try Harness.engine(), store: MemoryWorkbenchStore(sessions: [session]),
                                                                      exportDirectory: directory),
                                  driver: BufferDriver()) { action in actions.mutate { $0.append(action) } }
        runner.submit(.exportSession(TestSession.reference("s1"), fileName: "out.md"))
        await runner.finish(timeout: .seconds(2))
        let text = try String(contentsOf: directory.appendingPathComponent("out.md"), encoding: .utf8)
        XCTAssertTrue(text.contains("hello"))
        XCTAssertTrue(actions.value.contains { if case .sessionExported = $0 { true } else { false } })
    }

    func testAnExportNeverReplacesAFileOrWritesIntoAFIFO() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("mine".utf8).write(to: directory.appendingPathComponent("out.md"))
        XCTAssertEqual(mkfifo(directory.appendingPathComponent("out-2.md").path, 0o600), 0)
        let path = try SessionExportFile.write(Data("export".utf8), named: "out.md", in: directory)
        XCTAssertEqual(path, directory.appendingPathComponent("out-3.md").path)
        XCTAssertEqual(try String(contentsOf: directory.appendingPathComponent("out.md"), encoding: .utf8), "mine")
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "export")
    }
}

func XCTUnwrapAsync<T>(_ value: @autoclosure () async throws -> T?, file: StaticString = #filePath, line: UInt = #line) async throws -> T {
    let result = try await value()
    return try XCTUnwrap(result, file: file, line: line)
}
