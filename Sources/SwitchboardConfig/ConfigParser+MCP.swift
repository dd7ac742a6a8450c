import Foundation
import SwitchboardCore
import TOMLKit

/// `[mcp.NAME]` tool servers and `[tools]` loop limits.
extension ConfigParser {
    static let mcpKeys = ["command", "args", "env", "url", "enabled"]
    static let toolsKeys = ["max_steps", "max_turn_usd"]

    func mcpServers(_ table: TOMLTable) throws -> [String: MCPServerSettings] {
        var servers: [String: MCPServerSettings] = [:]
        for name in table.keys.sorted() {
            let path = "mcp.\(name)"
            guard let server = table[name]?.table else { throw invalid(path, "must be a table: [\(path)]") }
            try checkKeys(server, allowed: Self.mcpKeys, path: path)
            var enabled = true
            if let value = server["enabled"] {
                guard let flag = value.bool else { throw invalid(path + ".enabled", "must be true or false") }
                enabled = flag
            }
            let command = try string(server, "command", path: path + ".command")
            let url = try string(server, "url", path: path + ".url")
            let transport: MCPServerSettings.Transport
            switch (command, url) {
            case (let command?, nil):
                guard !command.isEmpty else { throw invalid(path + ".command", "must not be empty") }
                transport = .stdio(command: command, arguments: try strings(server, "args", path: path + ".args"),
                                   environment: try environment(server, path: path + ".env"))
            case (nil, let url?):
                guard server["args"] == nil, server["env"] == nil else {
                    throw invalid(path, "args and env are for a server started with command, not one reached by url")
                }
                guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? "") else {
                    throw invalid(path + ".url", "must be an http:// or https:// URL")
                }
                transport = .http(parsed)
            case (.some, .some):
                throw invalid(path, "give either command (a server to start) or url (a running server), not both")
            case (nil, nil):
                throw invalid(path, "needs command (a server to start, e.g. command = \"uvx\") or url")
            }
            servers[name] = MCPServerSettings(name: name, transport: transport, enabled: enabled)
        }
        return servers
    }

    func tools(_ table: TOMLTable) throws -> ToolSettings {
        try checkKeys(table, allowed: Self.toolsKeys, path: "tools")
        var settings = ToolSettings()
        if let steps = try positiveInt(table, "max_steps", path: "tools") { settings.maxSteps = steps }
        if let cap = try decimal(table, "max_turn_usd", path: "tools", what: "a positive amount in USD, e.g. 0.50") {
            guard cap > 0 else { throw invalid("tools.max_turn_usd", "must be a positive amount in USD, e.g. 0.50") }
            settings.maxTurnUSD = cap
        }
        return settings
    }

    private func strings(_ table: TOMLTable, _ key: String, path: String) throws -> [String] {
        guard let value = table[key] else { return [] }
        guard let array = value.array else { throw invalid(path, "must be an array of strings") }
        return try array.map { item in
            guard let text = item.string else { throw invalid(path, "must be an array of strings") }
            return text
        }
    }

    private func environment(_ table: TOMLTable, path: String) throws -> [String: String] {
        guard let value = table["env"] else { return [:] }
        guard let env = value.table else { throw invalid(path, "must be a table of strings: env = { NAME = \"value\" }") }
        var result: [String: String] = [:]
        for key in env.keys {
            guard let text = env[key]?.string else { throw invalid("\(path).\(key)", "must be a string") }
            result[key] = text
        }
        return result
    }
}
