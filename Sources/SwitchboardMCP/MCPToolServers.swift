import Foundation
import SwitchboardCore

/// The configured MCP servers as one `ToolProvider`: each starts on first use; tools are found by name (the
/// first server to list a name keeps it, and the clash is reported). `shutdown()` stops every running server.
public actor MCPToolServers: ToolProvider {
    private let connections: [MCPServerConnection]
    /// Which server answers which tool, from the last listing.
    private var owners: [String: MCPServerConnection] = [:]

    /// `servers` in the order to list them; disabled ones are left out.
    public init(_ servers: [MCPServerSettings], startTimeout: Duration = .seconds(60)) {
        connections = servers.filter(\.enabled).map { MCPServerConnection($0, startTimeout: startTimeout) }
    }

    public var serverNames: [String] { connections.map(\.name) }

    /// Starts every server not running yet (together) and lists their tools.
    public func tools() async -> ToolListing {
        let listed = await withTaskGroup(of: (Int, Result<[ProvidedTool], ToolCallError>).self) { group in
            for (index, connection) in connections.enumerated() {
                group.addTask {
                    do {
                        let tools = try await connection.tools()
                        return (index, .success(try tools.map { ProvidedTool(server: connection.name, definition: try MCPValues.definition($0)) }))
                    } catch let error as ToolCallError {
                        return (index, .failure(error))
                    } catch {
                        return (index, .failure(ToolCallError(server: connection.name, "\(error)")))
                    }
                }
            }
            var results = Array(repeating: Result<[ProvidedTool], ToolCallError>.success([]), count: connections.count)
            for await (index, result) in group { results[index] = result }
            return results
        }
        var tools: [ProvidedTool] = []
        var problems: [String] = []
        var owners: [String: MCPServerConnection] = [:]
        for (index, result) in listed.enumerated() {
            switch result {
            case .success(let provided):
                for tool in provided {
                    if let owner = owners[tool.name] {
                        problems.append("server \"\(tool.server)\": its tool \(tool.name) is left out: server \"\(owner.name)\" has one of that name")
                        continue
                    }
                    owners[tool.name] = connections[index]
                    tools.append(tool)
                }
            case .failure(let error):
                problems.append("\(error); its tools are left out")
            }
        }
        self.owners = owners
        return ToolListing(tools: tools, problems: problems)
    }

    public func call(_ tool: String, arguments: [String: JSONValue]) async throws -> ToolOutput {
        guard let owner = owners[tool] else { throw ToolCallError(server: nil, "no server offers a tool named \(tool)") }
        return try await owner.call(tool, arguments: arguments)
    }

    /// Running servers' process ids by name (for tests).
    func processIDs() async -> [String: Int32] {
        var ids: [String: Int32] = [:]
        for connection in connections { if let pid = await connection.processID { ids[connection.name] = pid } }
        return ids
    }

    /// Stops every running server; call it before the process exits.
    public func shutdown() async {
        await withTaskGroup(of: Void.self) { group in
            for connection in connections { group.addTask { await connection.stop() } }
        }
    }
}
