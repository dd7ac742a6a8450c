import XCTest
import SwitchboardConfig
@testable import SwitchboardTUI

/// Every bundled theme colours the Markdown parts added for tables, task lists, links, strike-through and code.
final class ThemeMarkdownRolesTests: XCTestCase {
    static let roles: [ThemeRole] = [.strikethrough, .url, .task, .tableBorder, .tableHeader, .syntaxKeyword,
                                     .syntaxString, .syntaxComment, .syntaxNumber]

    func testEveryBundledThemeSetsTheNewRoles() throws {
        let loader = ThemeLoader(directories: [ThemeLoaderTests.bundled])
        for name in ["default", "light", "high-contrast", "gruvbox-dark"] {
            let file = try ThemeFileParser.load(ThemeLoaderTests.bundled.appendingPathComponent(name + ".toml"))
            for role in Self.roles {
                XCTAssertTrue(file.values.keys.contains { $0.hasPrefix(role.rawValue + ".") }, "\(name) sets \(role.rawValue)")
            }
            let theme = try loader.load(name)
            XCTAssertNotEqual(theme[.syntaxKeyword], theme[.syntaxString], name)
            XCTAssertNotEqual(theme[.syntaxComment], .plain, name)
        }
    }

    func testTheThemesMarkdownStylesCarryTheRoles() {
        let theme = Theme.builtinDefault
        let styles = theme.markdown
        XCTAssertEqual(styles.syntax.keyword, theme[.syntaxKeyword])
        XCTAssertEqual(styles.syntax.string, theme[.syntaxString])
        XCTAssertEqual(styles.syntax.comment, theme[.syntaxComment])
        XCTAssertEqual(styles.syntax.number, theme[.syntaxNumber])
        XCTAssertEqual(styles.url, theme[.url])
        XCTAssertEqual(styles.tableBorder, theme[.tableBorder])
        XCTAssertTrue(styles.strikethrough.attributes.contains(.strikethrough))
        XCTAssertTrue(styles.tableHeader.attributes.contains(.bold))
    }

    func testWithoutColourTheNewRolesStayDistinct() {
        let plain = Theme.builtinDefault.withoutColor()
        XCTAssertTrue(plain[.syntaxKeyword].attributes.contains(.bold))
        XCTAssertTrue(plain[.syntaxComment].attributes.contains(.dim))
        XCTAssertTrue(plain[.strikethrough].attributes.contains(.strikethrough))
        XCTAssertTrue(plain[.url].attributes.contains(.dim))
    }
}
