import XCTest
import SwitchboardCore
@testable import SwitchboardConfig

/// `[context]`: `auto_compact_at` (a share of the window, 0 < x ≤ 1) and `compact_model`, refused with file, line
/// and key when wrong.
final class ContextConfigTests: XCTestCase {
    func testUnsetMeansNoAutomaticCompaction() throws {
        let config = try ConfigLoader.parse("", file: "c.toml")
        XCTAssertNil(config.context.autoCompactAt)
        XCTAssertNil(config.context.compactModel)
    }

    func testTheShareAndTheModelAreRead() throws {
        let config = try ConfigLoader.parse("[context]\nauto_compact_at = 0.8\ncompact_model = \"openai/gpt-4o-mini\"\n",
                                            file: "c.toml")
        XCTAssertEqual(config.context.autoCompactAt, Decimal(string: "0.8"))
        XCTAssertEqual(config.context.compactModel, "openai/gpt-4o-mini")
        XCTAssertEqual(try ConfigLoader.parse("[context]\nauto_compact_at = 1\n", file: "c.toml").context.autoCompactAt, 1)
    }

    func testAShareOutsideZeroToOneIsRefusedAtItsLine() {
        for value in ["0", "1.5", "-0.2", "\"lots\""] {
            let text = "default_model = \"demo/mini\"\n\n[context]\nauto_compact_at = \(value)\n"
            XCTAssertThrowsError(try ConfigLoader.parse(text, file: "c.toml"), value) { error in
                guard case .invalidValue(let file, let line, let key, let message) = error as? ConfigurationError else {
                    return XCTFail("\(error)")
                }
                XCTAssertEqual(file, "c.toml")
                XCTAssertEqual(line, 4)
                XCTAssertEqual(key, "context.auto_compact_at")
                XCTAssertTrue(message.contains("between 0 and 1"), message)
            }
        }
    }

    func testAnUnknownKeyIsRefusedWithTheCloseOne() {
        XCTAssertThrowsError(try ConfigLoader.parse("[context]\nauto_compact = 0.8\n", file: "c.toml")) { error in
            guard case .unknownKey(_, _, let key, let suggestion) = error as? ConfigurationError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(key, "context.auto_compact")
            XCTAssertEqual(suggestion, "auto_compact_at")
        }
    }

    func testABadModelIsRefused() {
        XCTAssertThrowsError(try ConfigLoader.parse("[context]\ncompact_model = \"openai/\"\n", file: "c.toml")) { error in
            XCTAssertTrue("\(error)".contains("context.compact_model"), "\(error)")
        }
    }
}
