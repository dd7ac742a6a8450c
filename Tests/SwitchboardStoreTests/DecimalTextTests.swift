import XCTest
@testable import SwitchboardStore
import SwitchboardCore

final class DecimalTextTests: XCTestCase {
    func testParsesExactlyWhatMoneyWrites() throws {
        for text in ["0", "0.000123", "1.5", "-0.25", "12345678.000001", "0.1", "7", "0.00000000000000000001",
                     "123456789012345678901234567890.5"] {
            let parsed = try XCTUnwrap(DecimalText.parse(text), text)
            XCTAssertEqual(parsed, try XCTUnwrap(Money(decimalString: text)).amount, text)
            XCTAssertEqual(Money(parsed).decimalString, try XCTUnwrap(Money(decimalString: text)).decimalString, text)
        }
    }

    func testSumsStayExact() throws {
        let sum = try XCTUnwrap(DecimalText.parse("0.1")) + XCTUnwrap(DecimalText.parse("0.2"))
        XCTAssertEqual(sum, try XCTUnwrap(DecimalText.parse("0.3")))
    }

    func testRejectsAnythingElse() {
        for text in ["", ".", "-", "1e-3", "1,5", "0x10", "1.2.3", "--1", " 1", "NaN"] {
            XCTAssertNil(DecimalText.parse(text), text)
        }
    }
}
