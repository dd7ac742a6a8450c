import XCTest
@testable import SwitchboardCore

final class RedactorTests: XCTestCase {
    func testRegisteredSecretsAndKeyShapesAreMasked() {
        let redactor = Redactor()
        redactor.register("local-secret-value-123")
        let text = redactor.redact("bad key local-secret-value-123 and sk-proj-ABCDEFGHIJKLMNOP1234 and AIzaSyA1234567890abcdefghijk")
        XCTAssertFalse(text.contains("local-secret-value-123"))
        XCTAssertFalse(text.contains("ABCDEFGHIJKLMNOP1234"))
        XCTAssertFalse(text.contains("1234567890abcdefghijk"))
        XCTAssertTrue(text.contains("[redacted]"))
    }

    func testProviderErrorMessagesAreRedacted() {
        let error = ProviderError(kind: .auth, provider: "openai", status: 401,
                                  message: "Incorrect API key provided: sk-test-0123456789abcdefXYZ")
        XCTAssertFalse(error.description.contains("0123456789abcdefXYZ"))
        XCTAssertTrue(error.description.hasPrefix("openai: auth, HTTP 401"))
    }

    func testShortValuesAreNotRegistered() {
        let redactor = Redactor()
        redactor.register("abc")
        XCTAssertEqual(redactor.redact("abc def"), "abc def")
    }
}
