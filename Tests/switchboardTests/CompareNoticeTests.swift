import Foundation
import XCTest

/// `compare` says what the engine says about each answer (a budget warning, a ledger or budget write that
/// failed) on stderr, once, as `ask` does: an exit 6 never comes without its line.
final class CompareNoticeTests: XCTestCase {
    private var cli: CLIRunner!

    override func setUpWithError() throws { cli = try CLIRunner() }
    override func tearDown() { cli?.cleanUp() }

    func testTheEnginesNoticesReachStderrOncePerModel() throws {
        // Any priced request passes this share of the daily limit: each model's turn gets one budget notice.
        try cli.writeConfig("[budget]\ndaily = 1\nwarn_at = 0.000001\n")
        let result = try cli.run(["compare", "--models", "demo/mini,demo/pro", "hello"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let notices = result.stderr.split(separator: "\n").filter { $0.contains("budget: daily budget at") }
        XCTAssertEqual(notices.filter { $0.contains("demo/mini: ") }.count, 1, result.stderr)
        XCTAssertEqual(notices.filter { $0.contains("demo/pro: ") }.count, 1, result.stderr)
        XCTAssertEqual(notices.count, 2, result.stderr)
    }
}
