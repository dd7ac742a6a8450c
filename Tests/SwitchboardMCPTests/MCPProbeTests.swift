import XCTest
@testable import SwitchboardMCP

final class MCPProbeTests: XCTestCase {
    func testSDKLinks() { XCTAssertFalse(MCPSDKProbe.version.isEmpty) }
}
