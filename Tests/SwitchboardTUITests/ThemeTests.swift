import XCTest
import SwitchboardConfig
import SwitchboardCore
@testable import SwitchboardTUI

final class ThemeTests: XCTestCase {
    func testUnsetRolesArePlainSoTheBaseShowsThrough() throws {
        let theme = try Theme(name: "t", values: ["text.fg": "white", "text.bg": "black"])
        XCTAssertEqual(theme[.accent], .plain)
        XCTAssertEqual(theme[.accent].over(theme.base).background, .ansi(0))
    }

    func testWithoutColorKeepsFocusAndSelectionVisible() {
        let plain = Theme.builtinDefault.withoutColor()
        for role in ThemeRole.allCases {
            XCTAssertEqual(plain[role].foreground, .terminalDefault, role.rawValue)
            XCTAssertEqual(plain[role].background, .terminalDefault, role.rawValue)
        }
        XCTAssertTrue(plain[.selection].attributes.contains(.reverse))
        XCTAssertTrue(plain[.cursor].attributes.contains(.reverse))
        XCTAssertTrue(plain[.heading].attributes.contains(.bold))
    }

    func testMarkdownStylesComeFromTheTheme() {
        let styles = Theme.builtinDefault.markdown
        XCTAssertEqual(styles.codeBlock.background, .rgb(0x26, 0x2B, 0x35))
        XCTAssertTrue(styles.heading.attributes.contains(.bold))
    }

    func testParserFlattensTablesAndKeepsLines() throws {
        let file = try ThemeFileParser.parse("name = \"X\"\ninherits = \"default\"\n[markdown.code_block]\nbg = \"#000000\"\nfg = 208\n", file: "x.toml")
        XCTAssertEqual(file.name, "X")
        XCTAssertEqual(file.inherits, "default")
        XCTAssertEqual(file.values, ["markdown.code_block.bg": "#000000", "markdown.code_block.fg": "208"])
        XCTAssertEqual(file.lines["markdown.code_block.bg"], 4)
    }

    func testParserRejectsNonStringValues() {
        XCTAssertThrowsError(try ThemeFileParser.parse("[text]\nfg = true\n", file: "x.toml")) { error in
            guard case .invalidValue(_, let line, let key, _) = error as? ConfigurationError else { return XCTFail("\(error)") }
            XCTAssertEqual(key, "text.fg")
            XCTAssertEqual(line, 2)
        }
    }
}
