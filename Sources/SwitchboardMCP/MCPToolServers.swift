import MCP
import SwitchboardCore

// Placeholder while the client lands.
enum MCPSDKProbe {
    static let version = Version.latest
}
