import Foundation
import SwitchboardTestSupport
import XCTest

/// Plain output neutralises escapes always, not only on a terminal: through a pipe (`| cat`, `| tee`,
/// `| less -R`) a model's OSC, CSI, DCS, C1 and bidi controls used to pass through. `--raw` prints the model's
/// text exactly; `--json` stays exact through JSON escaping. Also `compare`'s exit codes and judge check.
final class InertOutputTests: XCTestCase {
    /// Retitles the window, writes the clipboard, clears the screen, sends a DCS request, an 8-bit CSI and a
    /// right-to-left override.
    static let hostile = "Hi \u{1B}]0;pwned\u{07}\u{1B}]52;c;ZXZpbA==\u{07}\u{1B}[2J\u{1B}P1$qm\u{1B}\\ \u{9B}31m red "
        + "\u{202E}txet desrever\u{202C} \u{2067}iso\u{2069} end"

    private var fixture: ProviderFixture!
    private var cli: CLIRunner!
    private var db: String { cli.home.appendingPathComponent("history.sqlite").path }

    override func setUp() async throws {
        fixture = try await ProviderFixture.start(.init(answer: FixtureAnswer(text: Self.hostile, chunkCount: 7)))
        cli = try CLIRunner(extraEnvironment: ["OPENAI_API_KEY": "sk-fixture-0001",
                                               "OPENAI_BASE_URL": fixture.openAIBaseURL.absoluteString])
    }

    override func tearDown() async throws {
        cli?.cleanUp()
        try await fixture?.shutdown()
    }

    private func assertInert(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        let active = text.unicodeScalars.filter { scalar in
            let value = scalar.value
            return (value < 0x20 && value != 0x0A && value != 0x09) || (0x7F...0x9F).contains(value)
                || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
        }
        XCTAssertTrue(active.isEmpty, "controls reached the output: \(active.map { String(format: "U+%04X", $0.value) })",
                      file: file, line: line)
        XCTAssertTrue(text.contains("Hi ␛]0;pwned␇"), "the text is still shown, its controls as symbols: \(text)", file: file, line: line)
    }

    func testAskThroughAPipeIsInertAndRawIsExact() throws {
        let plain = try cli.run(["ask", "--db", db, "-m", "openai/gpt-4o-mini", "hello"])
        XCTAssertEqual(plain.status, 0, plain.stderr)
        assertInert(plain.stdout)

        let raw = try cli.run(["ask", "--no-store", "--raw", "-m", "openai/gpt-4o-mini", "hello"])
        XCTAssertEqual(raw.status, 0, raw.stderr)
        XCTAssertEqual(raw.stdout, Self.hostile + "\n")

        let json = try cli.run(["ask", "--no-store", "--json", "-m", "openai/gpt-4o-mini", "hello"])
        XCTAssertEqual(try jsonObject(json.stdout)["text"] as? String, Self.hostile)
    }

    func testHistoryShowAndExportAreInertUnlessRaw() throws {
        XCTAssertEqual(try cli.run(["ask", "--db", db, "-m", "openai/gpt-4o-mini", "hello"]).status, 0)
        let shown = try cli.run(["history", "show", "--db", db, "last"])
        XCTAssertEqual(shown.status, 0, shown.stderr)
        assertInert(shown.stdout)
        let raw = try cli.run(["history", "show", "--db", db, "--raw", "last"])
        XCTAssertTrue(raw.stdout.contains(Self.hostile), raw.stdout)

        let markdown = try cli.run(["history", "export", "--db", db, "last"])
        assertInert(markdown.stdout)
        let rawMarkdown = try cli.run(["history", "export", "--db", db, "--raw", "last"])
        XCTAssertTrue(rawMarkdown.stdout.contains(Self.hostile), rawMarkdown.stdout)
    }

    func testCompareIsInertUnlessRaw() throws {
        let models = "openai/gpt-4o-mini,openai/gpt-4o"
        let plain = try cli.run(["compare", "--no-store", "--models", models, "hello"])
        XCTAssertEqual(plain.status, 0, plain.stderr)
        assertInert(plain.stdout)
        let raw = try cli.run(["compare", "--no-store", "--raw", "--models", models, "hello"])
        XCTAssertTrue(raw.stdout.contains(Self.hostile + "\n"), raw.stdout)
    }

    func testCompareExitsFourWhenAnAnswerIsIncomplete() throws {
        fixture.faults.enqueue(.truncateAfter(chunks: 2), for: .model("gpt-4o"))
        let result = try cli.run(["compare", "--no-store", "--models", "openai/gpt-4o-mini,openai/gpt-4o", "hello"])
        XCTAssertEqual(result.status, 4, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("incomplete"), result.stdout)
    }

    func testCompareWithAnUnknownJudgeStopsBeforeAnyRequest() throws {
        let result = try cli.run(["compare", "--no-store", "--models", "openai/gpt-4o-mini,openai/gpt-4o",
                                  "--judge", "nosuch/model", "hello"])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains("unknown model 'nosuch/model'"), result.stderr)
        XCTAssertEqual(fixture.recordedRequests().count, 0, "no model ran")
    }
}
