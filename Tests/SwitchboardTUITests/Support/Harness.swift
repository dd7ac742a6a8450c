import Foundation
import SwitchboardCore
import XCTest
@testable import SwitchboardTUI

/// Runs the real app loop on a buffer driver, the demo provider (instant) and an in-memory store.
final class Harness: @unchecked Sendable {
    let driver: BufferDriver
    let store: MemoryWorkbenchStore
    let events = LockedBox<[(UUID, EngineEvent, ContinuousClock.Instant)]>([])
    /// How the loop ended, once it has.
    let end = LockedBox<WorkbenchEnd?>(nil)
    private var task: Task<Error?, Never>?

    init(size: Size = Size(width: 120, height: 40), store: MemoryWorkbenchStore = MemoryWorkbenchStore()) {
        driver = BufferDriver(size: size)
        self.store = store
    }

    static func engine(pace: Double = 0) throws -> RoutingEngine {
        let registry = try ProviderRegistry.resolve(configuration: Configuration(), environment: [:])
        let catalog = ModelCatalog(models: DemoProvider.models)
        return RoutingEngine(planner: RoutePlanner(catalog: catalog, registry: registry),
                             transport: DemoTransport(next: nil, paceScale: pace))
    }

    func start(resume: LoadedSession? = nil, pace: Double = 0) throws {
        let registry = try ProviderRegistry.resolve(configuration: Configuration(), environment: [:])
        let options = WorkbenchOptions(
            model: "demo/mini",
            pickerEntries: PickerEntry.build(catalog: ModelCatalog(models: DemoProvider.models), registry: registry, aliases: [:]),
            theme: .builtinDefault, demoMode: true, resume: resume, notice: "demo mode")
        let dependencies = WorkbenchDependencies(engine: try Self.engine(pace: pace), store: store,
                                                 exportDirectory: FileManager.default.temporaryDirectory)
        let driver = self.driver, end = self.end
        task = Task {
            do {
                let ended = try await Workbench.run(driver: driver, dependencies: dependencies, options: options)
                end.mutate { $0 = ended }
                return nil
            } catch {
                return error
            }
        }
    }

    func type(_ text: String) {
        driver.send(.keys(text.map { Key.char($0) }))
    }

    var screen: String { driver.lines.joined(separator: "\n") }

    /// Waits (polling) until `condition` holds on the screen text.
    @discardableResult
    func waitFor(_ description: String, timeout: Duration = .seconds(10), _ condition: (String) -> Bool,
                 file: StaticString = #filePath, line: UInt = #line) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if driver.drawCount > 0, condition(screen) { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        XCTFail("timed out waiting for \(description). Screen:\n\(screen)", file: file, line: line)
        return false
    }

    /// Waits for the loop to end by itself (a signal), without pressing anything.
    func finished() async -> Error? {
        await task?.value ?? nil
    }

    /// Quits with Ctrl-C (again, if the first one only cancelled a reply) and waits for the loop to end.
    func quit() async -> Error? {
        for _ in 0..<5 where !driver.isStopped {
            driver.type(.ctrl("c"))
            let deadline = ContinuousClock.now + .seconds(1)
            while !driver.isStopped, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(5)) }
        }
        return await task?.value ?? nil
    }
}
