import XCTest
import SwitchboardCore
@testable import SwitchboardConfig

/// `[ui] hyperlinks`: "auto" unless set, one of three words, refused with file, line and key when wrong.
final class UIConfigTests: XCTestCase {
    func testHyperlinksAreAutoUnlessSet() throws {
        XCTAssertEqual(try ConfigLoader.parse("", file: "c.toml").ui.hyperlinks, .auto)
        XCTAssertEqual(try ConfigLoader.parse("[ui]\n", file: "c.toml").ui.hyperlinks, .auto)
    }

    func testEachModeIsRead() throws {
        for mode in HyperlinkMode.allCases {
            let config = try ConfigLoader.parse("[ui]\nhyperlinks = \"\(mode.rawValue)\"\n", file: "c.toml")
            XCTAssertEqual(config.ui.hyperlinks, mode)
        }
        XCTAssertEqual(try ConfigLoader.parse("[ui]\nhyperlinks = \"ON\"\n", file: "c.toml").ui.hyperlinks, .on)
    }

    func testAnotherValueIsRefusedAtItsLine() {
        for value in ["\"yes\"", "true", "1"] {
            let text = "default_model = \"demo/mini\"\n\n[ui]\nhyperlinks = \(value)\n"
            XCTAssertThrowsError(try ConfigLoader.parse(text, file: "c.toml"), value) { error in
                guard case .invalidValue(let file, let line, let key, let message) = error as? ConfigurationError else {
                    return XCTFail("\(error)")
                }
                XCTAssertEqual(file, "c.toml")
                XCTAssertEqual(line, 4)
                XCTAssertEqual(key, "ui.hyperlinks")
                XCTAssertTrue(message.contains("\"auto\", \"on\", \"off\""), message)
            }
        }
    }

    func testAnUnknownKeyIsRefusedWithTheCloseOne() {
        XCTAssertThrowsError(try ConfigLoader.parse("[ui]\nhyperlink = \"on\"\n", file: "c.toml")) { error in
            guard case .unknownKey(_, _, let key, let suggestion) = error as? ConfigurationError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(key, "ui.hyperlink")
            XCTAssertEqual(suggestion, "hyperlinks")
        }
    }
}
