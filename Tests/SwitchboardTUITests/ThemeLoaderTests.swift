import XCTest
import SwitchboardConfig
import SwitchboardCore
@testable import SwitchboardTUI

final class ThemeLoaderTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("themes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func write(_ name: String, _ text: String) throws {
        try text.write(to: directory.appendingPathComponent(name + ".toml"), atomically: true, encoding: .utf8)
    }

    /// The repository's `themes/` folder.
    static var bundled: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("themes")
    }

    func testInheritsTakesTheParentsRolesAndOverridesSome() throws {
        try write("base", "[text]\nfg = \"#111111\"\n[accent]\nfg = \"red\"\n")
        try write("child", "inherits = \"base\"\n[accent]\nfg = \"blue\"\nattrs = \"bold\"\n")
        let theme = try ThemeLoader(directories: [directory]).load("child")
        XCTAssertEqual(theme[.text].foreground, .rgb(0x11, 0x11, 0x11))
        XCTAssertEqual(theme[.accent], Style(foreground: .ansi(4), attributes: .bold))
    }

    func testDefaultIsBuiltInWhenNoFileExists() throws {
        try write("mine", "inherits = \"default\"\n[selection]\nbg = \"#000000\"\n")
        let theme = try ThemeLoader(directories: [directory]).load("mine")
        XCTAssertEqual(theme[.selection].background, .rgb(0, 0, 0))
        XCTAssertEqual(theme[.selection].foreground, Theme.builtinDefault[.selection].foreground)
        XCTAssertEqual(try ThemeLoader(directories: []).load("default"), Theme.builtinDefault)
    }

    func testBadColourNamesTheFileLineAndKey() throws {
        try write("bad", "name = \"Bad\"\n\n[accent]\nfg = \"#12345\"\n")
        XCTAssertThrowsError(try ThemeLoader(directories: [directory]).load("bad")) { error in
            guard case .invalidValue(let file, let line, let key, let message) = error as? ConfigurationError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(file, self.directory.appendingPathComponent("bad.toml").path)
            XCTAssertEqual(line, 4)
            XCTAssertEqual(key, "accent.fg")
            XCTAssertTrue(message.contains("#12345"))
        }
    }

    func testUnknownRoleSuggestsTheClosest() throws {
        try write("typo", "[acent]\nfg = \"red\"\n")
        XCTAssertThrowsError(try ThemeLoader(directories: [directory]).load("typo")) { error in
            guard case .unknownKey(_, let line, let key, let suggestion) = error as? ConfigurationError else { return XCTFail("\(error)") }
            XCTAssertEqual(line, 2)
            XCTAssertEqual(key, "acent.fg")
            XCTAssertEqual(suggestion, "accent.fg")
        }
    }

    func testSyntaxErrorsCarryTheLine() throws {
        try write("broken", "[text\nfg = 1\n")
        XCTAssertThrowsError(try ThemeLoader(directories: [directory]).load("broken")) { error in
            guard case .syntax(_, let line, _, _) = error as? ConfigurationError else { return XCTFail("\(error)") }
            XCTAssertEqual(line, 1)
        }
    }

    func testInheritanceCyclesAndMissingParentsAreErrors() throws {
        try write("a", "inherits = \"b\"\n")
        try write("b", "inherits = \"a\"\n")
        try write("orphan", "inherits = \"nowhere\"\n")
        XCTAssertThrowsError(try ThemeLoader(directories: [directory]).load("a")) { error in
            XCTAssertTrue("\(error)".contains("circle"))
        }
        XCTAssertThrowsError(try ThemeLoader(directories: [directory]).load("orphan")) { error in
            XCTAssertTrue("\(error)".contains("no theme named 'nowhere'"))
        }
        XCTAssertThrowsError(try ThemeLoader(directories: [directory]).load("missing")) { error in
            XCTAssertTrue("\(error)".contains("available: a, b, default, orphan"), "\(error)")
        }
    }

    func testUserDirectoryWinsOverBundledThemes() throws {
        try write("light", "[text]\nfg = \"red\"\n")
        let theme = try ThemeLoader(directories: [directory, Self.bundled]).load("light")
        XCTAssertEqual(theme[.text].foreground, .ansi(1))
    }

    func testEveryBundledThemeLoads() throws {
        let loader = ThemeLoader(directories: [Self.bundled])
        let names = loader.available()
        for required in ["default", "light", "high-contrast", "gruvbox-dark"] { XCTAssertTrue(names.contains(required), required) }
        for name in names { XCTAssertNoThrow(try loader.load(name), name) }
    }

    func testBundledDefaultMatchesTheBuiltInOne() throws {
        let file = try ThemeFileParser.load(Self.bundled.appendingPathComponent("default.toml"))
        XCTAssertEqual(file.values, Theme.builtinDefaultValues)
    }

    func testStandardDirectoriesFindTheCheckoutsThemes() {
        let executable = Self.bundled.deletingLastPathComponent().appendingPathComponent(".build/debug/switchboard")
        let directories = ThemeLoader.standardDirectories(environment: ["XDG_CONFIG_HOME": "/tmp/x"], executable: executable)
        XCTAssertEqual(directories.first?.path, "/tmp/x/switchboard/themes")
        XCTAssertTrue(directories.contains { $0.standardizedFileURL.path == Self.bundled.standardizedFileURL.path }, "\(directories)")
    }
}
