import Foundation
import Logging
import MCP
import SwitchboardCore
#if canImport(System)
import System
#else
@preconcurrency import SystemPackage
#endif

/// One configured MCP server: started on first use, its tools listed once per start, calls sent over the SDK's
/// client, and stopped on `stop()`. A server that fails to start, exits, or answers a call with an error gives a
/// `ToolCallError` naming it; after an exit the next use starts it again.
actor MCPServerConnection {
    nonisolated let settings: MCPServerSettings
    private let startTimeout: Duration
    private var running: Running?
    /// Counts starts, so the exit of an old process does not tear down a new one.
    private var generation = 0

    private struct Running {
        var client: Client
        var process: ServerProcess?
        var tools: [Tool]
        var generation: Int
    }

    init(_ settings: MCPServerSettings, startTimeout: Duration = .seconds(60)) {
        self.settings = settings
        self.startTimeout = startTimeout
    }

    nonisolated var name: String { settings.name }

    /// The server's tools, starting it if it is not running.
    func tools() async throws -> [Tool] {
        try await start().tools
    }

    func call(_ tool: String, arguments: [String: JSONValue]) async throws -> ToolOutput {
        let current = try await start()
        let client = current.client
        let values = arguments.mapValues(MCPValues.value)
        let result: (content: [Tool.Content], isError: Bool?)
        do {
            result = try await FirstOf.run({
                try await client.callTool(name: tool, arguments: values)
            }, or: { [process = current.process, name] in
                guard let process else { return await Self.never() }
                let status = await process.waitForExit()
                return ToolCallError(server: name, "the server \(ServerProcess.describe(status)) during the call"
                                     + Self.stderrNote(process))
            })
        } catch let error as ToolCallError {
            await dropIfExited(current.generation)
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            await dropIfExited(current.generation)
            if let process = current.process, let status = process.exited {
                throw ToolCallError(server: name, "the server \(ServerProcess.describe(status)) during the call" + Self.stderrNote(process))
            }
            throw ToolCallError(server: name, "the call failed: \(MCPValues.describe(error))")
        }
        return ToolOutput(content: result.content.map(MCPValues.part), isError: result.isError ?? false)
    }

    /// The running server's process id (tests check that it starts late and stops).
    var processID: Int32? { running?.process?.pid }

    /// Stops the server (and everything it started) if it runs.
    func stop() async {
        guard let current = running else { return }
        running = nil
        await current.client.disconnect()
        if let process = current.process {
            await process.stop()
            process.closePipes()
        }
    }

    // MARK: - Starting

    private func start() async throws -> Running {
        if let running { return running }
        generation += 1
        let current: Running
        switch settings.transport {
        case .stdio(let command, let arguments, let environment):
            current = try await startProcess(command: command, arguments: arguments, environment: environment)
        case .http(let url):
            current = try await connect(url)
        }
        running = current
        return current
    }

    private func startProcess(command: String, arguments: [String], environment: [String: String]) async throws -> Running {
        let process: ServerProcess
        do { process = try ServerProcess(command: command, arguments: arguments, environment: environment) } catch {
            throw ToolCallError(server: name, "\(error)")
        }
        let transport = StdioTransport(input: FileDescriptor(rawValue: process.fromServer),
                                       output: FileDescriptor(rawValue: process.toServer))
        let client = Client(name: "switchboard", version: "1")
        let timeout = startTimeout
        do {
            try await FirstOf.run({
                _ = try await client.connect(transport: transport)
            }, or: { [name] in
                await Self.exitOrTimeout(process, timeout: timeout, server: name)
            })
        } catch {
            await client.disconnect()
            await process.stop()
            process.closePipes()
            if let error = error as? ToolCallError { throw error }
            throw ToolCallError(server: name, "could not start: \(MCPValues.describe(error))" + Self.stderrNote(process))
        }
        let tools: [Tool]
        do { tools = try await Self.listAll(client) } catch {
            await client.disconnect()
            await process.stop()
            process.closePipes()
            throw ToolCallError(server: name, "could not list its tools: \(MCPValues.describe(error))" + Self.stderrNote(process))
        }
        let started = generation
        // When it exits on its own, the SDK's client is let go (its reader would otherwise keep polling a closed stream).
        Task { [weak self] in
            _ = await process.waitForExit()
            await self?.dropIfExited(started)
        }
        return Running(client: client, process: process, tools: tools, generation: started)
    }

    private func connect(_ url: URL) async throws -> Running {
        let client = Client(name: "switchboard", version: "1")
        let transport = StreamableHTTPTransport(endpoint: url, timeout: .seconds(300))
        let timeout = startTimeout
        do {
            try await FirstOf.run({ _ = try await client.connect(transport: transport) }, or: { [name] in
                try? await Task.sleep(for: timeout)
                return ToolCallError(server: name, "no answer from \(url.absoluteString) within \(timeout)")
            })
            return Running(client: client, process: nil, tools: try await Self.listAll(client), generation: generation)
        } catch let error as ToolCallError {
            await client.disconnect()
            throw error
        } catch {
            await client.disconnect()
            throw ToolCallError(server: name, "could not connect to \(url.absoluteString): \(MCPValues.describe(error))")
        }
    }

    private static func listAll(_ client: Client) async throws -> [Tool] {
        var tools: [Tool] = []
        var cursor: String?
        repeat {
            let page = try await client.listTools(cursor: cursor)
            tools += page.tools
            cursor = page.nextCursor
        } while cursor != nil && tools.count < 10_000
        return tools
    }

    /// Lets go of a server that has exited, once: the next use starts it again.
    private func dropIfExited(_ started: Int) async {
        guard let current = running, current.generation == started, let process = current.process,
              process.exited != nil else { return }
        running = nil
        await current.client.disconnect()
        process.closePipes()
    }

    private static func exitOrTimeout(_ process: ServerProcess, timeout: Duration, server: String) async -> any Error {
        await withTaskGroup(of: (any Error)?.self) { group in
            group.addTask {
                let status = await process.waitForExit()
                return ToolCallError(server: server, "could not start: it \(ServerProcess.describe(status))" + stderrNote(process))
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return Task.isCancelled ? nil : ToolCallError(server: server, "did not answer within \(timeout) of starting"
                                                              + stderrNote(process))
            }
            for await case let error? in group {
                group.cancelAll()
                return error
            }
            return CancellationError()
        }
    }

    private static func never() async -> any Error {
        while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
        return CancellationError()
    }

    private static func stderrNote(_ process: ServerProcess) -> String {
        let tail = process.stderrSummary
        return tail.isEmpty ? "" : " (it said: \(tail))"
    }
}
