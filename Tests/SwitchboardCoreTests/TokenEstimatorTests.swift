import XCTest
@testable import SwitchboardCore

final class TokenEstimatorTests: XCTestCase {
    func testBytesOverThreeAndAHalfRoundedUpPlusMessageOverhead() {
        XCTAssertEqual(TokenEstimator.estimate(""), 0)
        XCTAssertEqual(TokenEstimator.estimate("abcdefg"), 2)        // 7 bytes
        XCTAssertEqual(TokenEstimator.estimate("abcdefgh"), 3)       // 8 bytes
        XCTAssertEqual(TokenEstimator.estimate("漢字"), 2)            // 6 bytes
        XCTAssertEqual(TokenEstimator.estimate([.system("abcdefg"), .user("abcdefgh")]), 2 + 4 + 3 + 4)
    }
}
