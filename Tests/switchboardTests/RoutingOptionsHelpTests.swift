import ArgumentParser
import XCTest
@testable import switchboard

/// `ask` and `route` share their routing options (`RoutingOptions`) and their request options (`RequestOptions`:
/// `--attach`, `--schema`, `--reasoning`, `--tools`); each flag keeps its name, help text and default.
/// `compare --help` reads exactly as before, `route --help` as before plus the request options in its own words;
/// `ask --help` lists the same options with the same words, `--task` and `--max-tokens` now beside `--model`.
final class RoutingOptionsHelpTests: XCTestCase {
    private func help(_ command: any ParsableCommand.Type) -> String {
        Switchboard.helpMessage(for: command, columns: 120)
    }

    /// Each option with its help, wrapped lines joined, in the order `--help` lists them.
    private func options(_ help: String) -> [String] {
        guard let start = help.range(of: "OPTIONS:") else { return [] }
        var entries: [String] = []
        for line in help[start.upperBound...].split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            if line.hasPrefix(String(repeating: " ", count: 26)), let last = entries.popLast() {
                entries.append(last + " " + line.trimmingCharacters(in: .whitespaces))
            } else {
                entries.append(line.trimmingCharacters(in: .whitespaces))
            }
        }
        return entries
    }

    func testRouteAndCompareHelp() {
        XCTAssertEqual(help(RouteCommand.self), Self.route)
        XCTAssertEqual(help(CompareCommand.self), Self.compare)
    }

    func testAskKeepsEveryOptionAndItsWords() {
        let now = help(AskCommand.self)
        XCTAssertEqual(options(now).sorted(), (Self.askOptionsBefore + Self.askOptionsAdded + Self.askRoleOption + Self.askMCPOptions).sorted())
        let first = options(now).prefix(3)
        XCTAssertTrue(zip(first, ["-m, --model <model> ", "--task <task> ", "--max-tokens <max-tokens> "]).allSatisfy { $0.hasPrefix($1) },
                      "\(first)")
        XCTAssertTrue(now.hasPrefix(String(Self.askHeader)), now)
    }

    func testSharedOptionsParseAndCheckAsBefore() throws {
        let ask = try AskCommand.parse(["-m", "demo/mini", "--task", "code", "--max-tokens", "64", "hello"])
        XCTAssertEqual([ask.routing.model, ask.routing.task], ["demo/mini", "code"])
        XCTAssertEqual(ask.routing.maxTokens, 64)
        let route = try RouteCommand.parse(["--explain", "--model", "auto", "hi"])
        XCTAssertEqual(route.routing.model, "auto")
        XCTAssertNil(route.routing.maxTokens)
        XCTAssertThrowsError(try AskCommand.parse(["--max-tokens", "0", "hi"]))
        XCTAssertThrowsError(try RouteCommand.parse(["--max-tokens", "0", "hi"]))
    }

    func testRulesApplyUnlessAFixedModelIsNamed() throws {
        let named = try RouteCommand.parse(["-m", "demo/mini", "hi"]).routing
        XCTAssertFalse(named.turn([.user("hi")], model: try named.requestedModel(orElse: "auto")).applyRules)
        let auto = try RouteCommand.parse(["-m", "auto", "hi"]).routing
        XCTAssertTrue(auto.turn([.user("hi")], model: try auto.requestedModel(orElse: "demo/mini")).applyRules)
        let unnamed = try AskCommand.parse(["--task", "code", "--max-tokens", "9", "hi"]).routing
        let turn = unnamed.turn([.user("hi")], model: try unnamed.requestedModel(orElse: "demo/mini"))
        XCTAssertTrue(turn.applyRules)
        XCTAssertEqual(turn.model.description, "demo/mini")
        XCTAssertEqual(turn.task, "code")
        XCTAssertEqual(turn.maxTokens, 9)
        XCTAssertThrowsError(try unnamed.requestedModel(orElse: "openai/")) { error in
            XCTAssertTrue(error is CLIError, "a model that does not parse is a usage error (exit 2): \(error)")
        }
    }

    static let route = #"""
OVERVIEW: Show how a prompt would be routed (rules, tier, candidates, constraints, health, budget); sends nothing.

USAGE: switchboard route [--explain] [--model <model>] [--task <task>] [--max-tokens <max-tokens>] [--attach <file> ...] [--schema <file|json>] [--reasoning <level>] [--tools <file>] [--db <db>] [--json] [<prompt> ...]

ARGUMENTS:
  <prompt>                The prompt.

OPTIONS:
  --explain               Explain the decision (the default and only mode; kept for scripts that say it).
  -m, --model <model>     Model, alias, route or auto; default as for ask.
  --task <task>           Task tag for the task rules.
  --max-tokens <max-tokens>
                          Reply limit, as for ask.
  --attach <file>         A file the prompt would carry (repeatable), read and checked as ask reads it: an image needs
                          a model with vision, a PDF one that reads files.
  --schema <file|json>    A JSON Schema the reply must match (a file, or the schema itself starting with {), as for
                          ask: only models with structured output are candidates.
  --reasoning <level>     How much the model should think. (values: off, low, medium, high)
  --tools <file>          Tools to offer, as for ask (a JSON array of function definitions): only models that call
                          tools are candidates.
  --db <db>               The history database (health and spend come from it).
  --json                  Print the decision as JSON.
  -h, --help              Show help information.

"""#

    static let compare = #"""
OVERVIEW: Run one prompt on several models side by side and compare cost, latency and answers.

Exit codes: 0 every answer is complete; 2 usage or configuration error (an unknown model or judge is reported before
anything runs); 3 every model failed; 4 at least one answer is incomplete or failed; 5 standard output could not be
written.

USAGE: switchboard compare --models <models> [--judge <judge>] [--max-tokens <max-tokens>] [--no-store] [--db <db>] [--json] [--raw] [<prompt> ...]

ARGUMENTS:
  <prompt>                The prompt.

OPTIONS:
  --models <models>       Comma-separated models to run concurrently.
  --judge <judge>         A model that scores each answer from 1 to 10.
  --max-tokens <max-tokens>
                          Reply limit for each model.
  --no-store              Do not record the comparison in the history database.
  --db <db>               The history database.
  --json                  Print a JSON array, one object per model (as `ask --json`, plus `score`).
  --raw                   Print the answers byte for byte, escape sequences included (by default controls are shown as
                          symbols).
  -h, --help              Show help information.

"""#

    /// `ask --help` up to its usage line, as before.
    /// The exit codes as before, with what issue 11 added: a tool-only reply is an answer (0), and a reply that does
    /// not match `--schema` exits 4.
    static let askHeader = #"""
OVERVIEW: Ask a model once and stream the answer.

Exit codes: 0 answered (a reply that only calls --tools is an answer); 2 usage or configuration error; 3 every attempt
failed; 4 the answer is incomplete (stream broke, stalled or was cancelled), or is not JSON matching --schema, or
--mcp's tool loop stopped at [tools] max_steps or max_turn_usd with calls unanswered; 5 standard output could not be
written (closed, full or a broken pipe): the turn is stopped and recorded with what arrived; 6 the answer was printed
but could not be saved to the history database (e.g. a full disk); 7 the history database turned out to be damaged:
nothing more was written to it.

"""#

    static let askOptionsBefore = [
        #"-m, --model <model>     Model as vendor/model[:floor|:nitro][@provider], or an alias."#,
        #"--fallback <fallback>   Comma-separated models to try in order if the first fails."#,
        #"--system <system>       A system prompt."#,
        #"--max-tokens <max-tokens> Upper limit on answer tokens."#,
        #"--temperature <temperature> Sampling temperature."#,
        #"--json                  Print one JSON object instead of streaming text."#,
        #"--raw                   Print the model's text byte for byte, escape sequences included (by default controls are shown as symbols)."#,
        #"--no-store              Do not record this turn in the history database."#,
        #"--task <task>           Tag the turn with a task (e.g. code) for the task rules in config."#,
        #"--session <session>     Continue a stored conversation: its id, a unique prefix of it, or `last`."#,
        #"--db <db>               The history database (default: $SWITCHBOARD_DB, else $XDG_DATA_HOME/switchboard/switchboard.sqlite)."#,
        #"-h, --help              Show help information."#,
    ]

    /// Issue 13's `--role`.
    static let askRoleOption = [
        #"--role <name>           Use a role: its system prompt, model, temperature and reasoning (--system, --model, --temperature and --reasoning given here win). `switchboard roles` lists them."#,
    ]

    /// Issue 14's tool loop.
    static let askMCPOptions = [
        #"--allow-tools <tool[,tool…]> With --mcp: the tools that may run without asking (comma-separated names)."#,
        #"--mcp <name[,name…]>    Offer the tools of these MCP servers ([mcp.NAME] in config.toml) and run the tool loop: calls of tools named in --allow-tools run, anything else is refused and reported on stderr."#,
    ]

    /// Issue 11's options; the ones before keep their words.
    static let askOptionsAdded = [
        #"--attach <file>         Attach a file (repeatable): an image (PNG, JPEG, GIF, WebP; up to 20 MB), a PDF (up to 32 MB) or a UTF-8 text file (up to 1 MB). The type is read from the file's bytes, not its name."#,
        #"--schema <file|json>    Ask for JSON matching this JSON Schema (a file, or the schema itself starting with {). The reply is checked when it ends; one that does not match exits 4."#,
        #"--reasoning <level>     How much the model should think. (values: off, low, medium, high)"#,
        #"--tools <file>          Offer the model tools: a JSON array of function definitions ({"type": "function", "function": {name, description, parameters}} or just {name, description, parameters}). ask prints the calls; it never runs them."#,
    ]
}
