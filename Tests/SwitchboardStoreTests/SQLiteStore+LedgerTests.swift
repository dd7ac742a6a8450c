import XCTest
@testable import SwitchboardStore
import SwitchboardCore

final class SQLiteStoreLedgerTests: XCTestCase {
    func testAttemptRoundTripsExactly() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let session = try store.createSession(firstPrompt: "q", model: nil)
        let turn = UUID()
        try store.appendUserMessage(session: session.id, turn: turn, text: "q", at: Clock.at(0))
        let failed = AttemptRecord(turnID: turn, ordinal: 1, model: "anthropic/claude-sonnet-4-5", provider: "anthropic",
                                   providerModel: "claude-sonnet-4-5-20250929", reason: "explicit",
                                   outcome: .failed(.overloaded, afterFirstToken: false), status: 529,
                                   errorMessage: "Overloaded", startedAt: Clock.at(0.25), ttft: nil,
                                   duration: .milliseconds(812), usage: .zero, cost: Money(0))
        let served = AttemptRecord(turnID: turn, ordinal: 2, model: "anthropic/claude-sonnet-4-5", provider: "openrouter",
                                   providerModel: "anthropic/claude-sonnet-4.5", reason: "fallback 1 of 1",
                                   outcome: .success, status: 200, startedAt: Clock.at(1.5), ttft: .milliseconds(420),
                                   duration: .milliseconds(3100),
                                   usage: Usage(input: 1200, output: 350, cacheRead: 800, cacheWrite: 64, reasoning: 120),
                                   cost: Money(Decimal(string: "0.0091234") ?? 0),
                                   reportedCost: Money(Decimal(string: "0.00913") ?? 0))
        try await store.record(failed)
        try await store.record(served)
        XCTAssertEqual(try store.attempts(since: Clock.at(-1)), [failed, served])
        XCTAssertEqual(try store.attempts(since: Clock.at(1)), [served])
        let detail = try store.sessionDetail(session.id)
        XCTAssertEqual(detail.entries.first?.attempts, [failed, served], "no reply yet: the prompt carries the attempts")
    }

    func testAttemptRecordedBeforeAnyMessageJoinsItsTurnLater() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let session = try store.createSession(firstPrompt: "q", model: nil)
        let turn = UUID()
        let attempt = AttemptRecord(turnID: turn, ordinal: 1, model: "m", provider: "p", providerModel: "m",
                                    reason: "explicit", outcome: .cancelled, startedAt: Clock.base, duration: .seconds(1))
        try store.recordAttempt(attempt)
        try store.appendUserMessage(session: session.id, turn: turn, text: "q")
        let spend = try store.spend(by: .session)
        XCTAssertEqual(spend.rows.map(\.key), [SQLiteStore.text(session.id)])
    }

    func testManyThreadsAppendingAtOnceLoseNothing() throws {
        let directory = try TemporaryDirectory()
        let url = directory.databaseURL
        let session = try SQLiteStore(url: url).createSession(firstPrompt: "shared", model: nil).id
        let failures = LockedList()
        let writers = 6, turnsEach = 25
        DispatchQueue.concurrentPerform(iterations: writers) { writer in
            do {
                let store = try SQLiteStore(url: url)     // a connection pool of its own, as another process has
                for index in 0..<turnsEach {
                    try store.storeTurn(session: session, prompt: "writer \(writer) turn \(index)", reply: "ok \(writer)-\(index)")
                }
            } catch {
                failures.append("\(error)")
            }
        }
        XCTAssertEqual(failures.values, [])
        let store = try SQLiteStore(url: url)
        let texts = Set(try store.messages(in: session).map(\.text))
        XCTAssertEqual(texts.count, writers * turnsEach * 2)
        XCTAssertEqual(try store.attempts(since: Clock.at(-10)).count, writers * turnsEach)
        XCTAssertEqual(try store.search("writer").count, 20)
    }

    /// Several processes (this test binary, started again in worker mode) append to one file at once.
    func testSeveralProcessesAppendingAtOnceLoseNothing() throws {
        guard ProcessInfo.processInfo.environment["SWITCHBOARD_STORE_WORKER"] == nil else { return }
        let directory = try TemporaryDirectory()
        let url = directory.databaseURL
        let session = try SQLiteStore(url: url).createSession(firstPrompt: "shared", model: nil).id
        let processes = 4, turnsEach = 30
        let executable = URL(fileURLWithPath: CommandLine.arguments[0])
        var running: [Process] = []
        for worker in 0..<processes {
            let process = Process()
            process.executableURL = executable
            process.arguments = ["SwitchboardStoreTests.SQLiteStoreLedgerTests/testWorkerProcess"]
            var environment = ProcessInfo.processInfo.environment
            environment["SWITCHBOARD_STORE_WORKER"] = "\(url.path)|\(session.uuidString)|\(worker)|\(turnsEach)"
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            running.append(process)
        }
        for process in running {
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 0)
        }
        let store = try SQLiteStore(url: url)
        let texts = try store.messages(in: session).map(\.text)
        XCTAssertEqual(texts.count, processes * turnsEach * 2)
        for worker in 0..<processes {
            XCTAssertEqual(texts.filter { $0.hasPrefix("process \(worker) ") }.count, turnsEach)
        }
        XCTAssertEqual(try store.attempts(since: Clock.at(-10)).count, processes * turnsEach)
    }

    /// Worker half of the test above; does nothing in a normal run.
    func testWorkerProcess() throws {
        guard let spec = ProcessInfo.processInfo.environment["SWITCHBOARD_STORE_WORKER"] else { return }
        let parts = spec.split(separator: "|").map(String.init)
        let store = try SQLiteStore(url: URL(fileURLWithPath: parts[0]))
        let session = try XCTUnwrap(UUID(uuidString: parts[1]))
        for index in 0..<(Int(parts[3]) ?? 0) {
            try store.storeTurn(session: session, prompt: "process \(parts[2]) turn \(index)", reply: "reply \(index)")
        }
    }
}
