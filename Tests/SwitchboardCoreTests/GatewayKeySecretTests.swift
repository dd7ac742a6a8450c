import Foundation
@testable import SwitchboardCore
import XCTest

/// Key secrets, model patterns and request tags of `serve`.
final class GatewayKeySecretTests: XCTestCase {
    func testSecretsAreRandomAndOnlyTheirSaltedHashVerifies() {
        let (secret, stored) = GatewayKeySecret.generate()
        let (other, otherStored) = GatewayKeySecret.generate()
        XCTAssertNotEqual(secret, other)
        XCTAssertNotEqual(stored.salt, otherStored.salt)
        XCTAssertEqual(GatewayKeySecret.lookupPrefix(secret), stored.prefix)
        XCTAssertTrue(GatewayKeySecret.verify(secret, against: stored))
        XCTAssertFalse(GatewayKeySecret.verify(other, against: stored))
        XCTAssertFalse(stored.hash.contains(secret.dropFirst(3)))
        XCTAssertEqual(stored.hash, SHA256.hex(SHA256.digest((GatewayKeySecret.bytes(hex: stored.salt) ?? []) + Array(secret.utf8))))
        var flipped = Array(secret)
        flipped[40] = flipped[40] == "a" ? "b" : "a"
        XCTAssertFalse(GatewayKeySecret.verify(String(flipped), against: stored))
        XCTAssertNil(GatewayKeySecret.lookupPrefix("sk-" + secret.dropFirst(3)))
        XCTAssertNil(GatewayKeySecret.lookupPrefix(secret + "0"))
        XCTAssertNil(GatewayKeySecret.lookupPrefix(secret.uppercased()))
    }

    func testModelPatterns() {
        XCTAssertTrue(GatewayKeyPattern.matches("gpt-4o*", "gpt-4o-mini"))
        XCTAssertTrue(GatewayKeyPattern.matches("anthropic/*", "Anthropic/claude-sonnet-4"))
        XCTAssertTrue(GatewayKeyPattern.matches("*mini*", "openai/gpt-4o-mini-2024"))
        XCTAssertTrue(GatewayKeyPattern.matches("auto", "auto"))
        XCTAssertFalse(GatewayKeyPattern.matches("auto", "auto:floor"))
        XCTAssertFalse(GatewayKeyPattern.matches("gpt-4o*", "openai/gpt-4o"))
        XCTAssertFalse(GatewayKeyPattern.matches("a*a", "a"))
        XCTAssertTrue(GatewayKeyPattern.matches("a*a", "aa"))
        XCTAssertTrue(GatewayKeyLimits().allows(model: "anything"))
        XCTAssertFalse(GatewayKeyLimits(models: ["demo/*"]).allows(model: "openai/gpt-4o"))
        XCTAssertNil(GatewayKeyPattern.problem("openai/gpt-4o*"))
        XCTAssertNotNil(GatewayKeyPattern.problem(""))
        XCTAssertNotNil(GatewayKeyPattern.problem("gpt 4"))
        XCTAssertNotNil(GatewayKeyPattern.problem("a,b"))
    }

    func testTagsFromHeaderAndMetadata() throws {
        let metadata = try JSONValue(parsing: #"{"tags": ["team:a", " ci "], "user_id": "u-1", "n": 3}"#)
        XCTAssertEqual(GatewayTags.extract(headerValues: ["ci, nightly", ""], metadata: metadata),
                       ["ci", "nightly", "team:a", "user_id:u-1"])
        XCTAssertEqual(GatewayTags.extract(headerValues: [], metadata: try JSONValue(parsing: #"{"tags": "x,y"}"#)), ["x", "y"])
        XCTAssertEqual(GatewayTags.extract(headerValues: [], metadata: nil), [])
        let many = (0..<40).map { "t\($0)" }.joined(separator: ",")
        XCTAssertEqual(GatewayTags.extract(headerValues: [many], metadata: nil).count, GatewayTags.maxCount)
        XCTAssertEqual(GatewayTags.extract(headerValues: [String(repeating: "x", count: 100)], metadata: nil).first?.count,
                       GatewayTags.maxLength)
    }

    func testKeyNames() {
        XCTAssertNil(GatewayKeyError.check(name: "ci-nightly_2.0"))
        XCTAssertNotNil(GatewayKeyError.check(name: ""))
        XCTAssertNotNil(GatewayKeyError.check(name: "a b"))
        XCTAssertNotNil(GatewayKeyError.check(name: String(repeating: "a", count: 65)))
    }
}
