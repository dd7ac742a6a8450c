import Foundation

/// The port a tool source (an MCP server, a test fake) is reached through: Core lists tools and calls them
/// without knowing how they run.
public protocol ToolProvider: Sendable {
    /// The tools that can be called now, and one line for each source that could not be reached (a server that
    /// failed to start): the turn goes on without those.
    func tools() async -> ToolListing
    /// Calls `tool` with its arguments object. Throws `ToolCallError` (or any error) when the tool could not be
    /// run at all; a tool that ran and reported a failure returns an output with `isError`.
    func call(_ tool: String, arguments: [String: JSONValue]) async throws -> ToolOutput
}

/// A tool as offered to the model, with the source it belongs to.
public struct ProvidedTool: Sendable, Hashable {
    /// The configured server's name (`[mcp.NAME]`), or another source's.
    public var server: String
    public var definition: ToolDefinition

    public init(server: String, definition: ToolDefinition) {
        self.server = server
        self.definition = definition
    }

    public var name: String { definition.name }
}

public struct ToolListing: Sendable {
    public var tools: [ProvidedTool]
    /// `server "git": could not start uvx (...)`: sources that are left out of this turn, in words.
    public var problems: [String]

    public init(tools: [ProvidedTool], problems: [String] = []) {
        self.tools = tools
        self.problems = problems
    }
}

/// What a tool returned: text (and images, for tools that return them).
public struct ToolOutput: Sendable, Hashable {
    public var content: [ContentPart]
    /// The tool ran and says it failed (MCP `isError`): the model reads why.
    public var isError: Bool

    public init(content: [ContentPart], isError: Bool = false) {
        self.content = content
        self.isError = isError
    }

    public init(text: String, isError: Bool = false) { self.init(content: [.text(text)], isError: isError) }
}

/// A tool that could not be run, naming where it failed.
public struct ToolCallError: Error, Sendable, CustomStringConvertible {
    public var server: String?
    public var message: String

    public init(server: String?, _ message: String) {
        self.server = server
        self.message = message
    }

    public var description: String { server.map { "server \"\($0)\": \(message)" } ?? message }
}
