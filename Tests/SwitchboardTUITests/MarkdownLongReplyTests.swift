import XCTest
@testable import SwitchboardTUI

/// The long reply: about 8,000 tokens of Markdown with tables and highlighted code, streamed a few
/// characters at a time. A sanity check that all of it renders and ends as the one-shot render; it asserts nothing
/// about time (a debug build on a shared machine says little), but prints it for a human to read.
final class MarkdownLongReplyTests: XCTestCase {
    /// Sections of prose, a table, Swift and Python code and a task list, repeated to about 32,000 characters
    /// (~8,000 tokens at four characters a token).
    static func reply(characters: Int = 32_000) -> String {
        var text = ""
        var section = 0
        while text.utf8.count < characters {
            section += 1
            text += """
                ## Section \(section)

                The **router** picked a ~~slow~~ fast deployment; see [the docs](https://example.com/\(section)) for \
                why. Latency figures below come from the last run and vary by region and time of day.

                | model | ttft ms | tok/s | cost / 1M |
                |:------|--------:|:-----:|----------:|
                | gpt-4o-mini | \(100 + section) | 88.5 | $0.60 |
                | claude-haiku | 95 | 140 | $1.25 |
                | gemini-flash | 210 | 190 | $0.30 |
                | 日本語モデル | 400 | 42 | $2.00 |

                ```swift
                /// Picks the cheapest route.
                func pick(_ routes: [Route]) -> Route? {
                    let sorted = routes.sorted { $0.cost < $1.cost } // cheapest first
                    return sorted.first(where: { $0.healthy && $0.ttft < 0.5 })
                }
                ```

                ```python
                def score(rows, weight=0.25):
                    \"\"\"Weighted score of \(section) rows.\"\"\"
                    return sum(r["tok_s"] * weight for r in rows if r is not None)
                ```

                - [x] measure
                - [ ] compare with run \(section - 1)


                """
        }
        // A reply ends without a newline (a streaming view never draws the empty line after the last one).
        return String(text.dropLast(2))
    }

    func testAnEightThousandTokenReplyWithTablesAndCodeStreamsCompletely() {
        let renderer = MarkdownRenderer(styles: Theme.builtinDefault.markdown)
        let reply = Self.reply()
        let width = 100
        var incremental = IncrementalMarkdown(renderer: renderer, width: width)
        var sofar = ""
        var index = reply.startIndex
        var updates: [Duration] = []
        let clock = ContinuousClock()
        while index < reply.endIndex {
            let end = reply.index(index, offsetBy: 4, limitedBy: reply.endIndex) ?? reply.endIndex
            sofar += reply[index..<end]
            updates.append(clock.measure { incremental.update(to: sofar) })
            index = end
        }
        var whole: [StyledLine] = []
        let oneShot = clock.measure { whole = renderer.render(reply, width: width).0 }
        let tenth = updates.count / 10
        let first = updates.prefix(tenth).reduce(.zero, +), last = updates.suffix(tenth).reduce(.zero, +)
        print("8,000-token reply (this build): \(updates.count) updates in \(updates.reduce(.zero, +)); first tenth "
              + "\(first), last tenth \(last); one-shot render \(oneShot); \(whole.count) lines")

        XCTAssertEqual(incremental.lines.count, whole.count)
        if let differ = zip(incremental.lines, whole).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
            XCTFail("line \(differ) differs: '\(incremental.lines[differ].text)' vs '\(whole[differ].text)'")
        }
        let sections = reply.components(separatedBy: "## Section").count - 1
        XCTAssertGreaterThan(sections, 20)
        XCTAssertEqual(whole.filter { $0.text.hasPrefix("┌") }.count, sections, "every table drawn as a box")
        XCTAssertFalse(whole.contains { $0.text.contains("|:---") }, "no raw delimiter rows")
        let keyword = Theme.builtinDefault.markdown.syntax.keyword.over(Theme.builtinDefault.markdown.codeBlock)
        XCTAssertEqual(whole.filter { $0.runs.contains { $0.text == "func" && $0.style == keyword } }.count, sections)
        XCTAssertTrue(whole.allSatisfy { $0.width <= width })
    }
}
