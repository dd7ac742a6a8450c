import Foundation

/// One `[mcp.NAME]` table: a tool server started on first use (`command`, `args`, `env`) or reached over
/// streamable HTTP (`url`).
public struct MCPServerSettings: Sendable, Hashable {
    public enum Transport: Sendable, Hashable {
        case stdio(command: String, arguments: [String], environment: [String: String])
        case http(URL)
    }

    public var name: String
    public var transport: Transport
    /// `enabled = false` keeps a server configured but never started or offered.
    public var enabled: Bool

    public init(name: String, transport: Transport, enabled: Bool = true) {
        self.name = name
        self.transport = transport
        self.enabled = enabled
    }
}
