import Foundation
import XCTest
@testable import switchboard

/// A mistyped command is an unknown command with the closest match, not stray arguments to the workbench.
final class CommandNamesTests: XCTestCase {
    func testAMistypedCommandSuggestsTheClosest() {
        XCTAssertEqual(CommandNames.unknownCommand(in: ["hisotry", "list"], root: Switchboard.self),
                       "unknown command 'hisotry'; did you mean 'history'?")
        XCTAssertEqual(CommandNames.unknownCommand(in: ["comapre", "--models", "a,b"], root: Switchboard.self),
                       "unknown command 'comapre'; did you mean 'compare'?")
        XCTAssertEqual(CommandNames.unknownCommand(in: ["history", "lsit"], root: Switchboard.self),
                       "unknown command 'history lsit'; did you mean 'history list'?")
    }

    func testAWordNearNothingListsTheCommands() throws {
        let message = try XCTUnwrap(CommandNames.unknownCommand(in: ["anything", "--help"], root: Switchboard.self))
        XCTAssertTrue(message.hasPrefix("unknown command 'anything'; the commands are: workbench, ask, compare"), message)
    }

    func testRealCommandsOptionsAndPositionalArgumentsPass() {
        for arguments in [[], ["--db", "x"], ["ask", "hisotry"], ["history", "show", "last"], ["history"], ["help", "ask"],
                          ["models", "--json"], ["compare", "--models", "a,b", "why"], ["workbench", "--demo"], ["--help"]] {
            XCTAssertNil(CommandNames.unknownCommand(in: arguments, root: Switchboard.self), "\(arguments)")
        }
    }

    func testOnlyCommandsWithoutPositionalArgumentsAreDefaults() {
        // The check relies on this: a default that took positional words would make them ambiguous.
        XCTAssertFalse(CommandNames.takesPositionalArguments(WorkbenchCommand.self))
        XCTAssertFalse(CommandNames.takesPositionalArguments(HistoryCommand.List.self))
        XCTAssertTrue(CommandNames.takesPositionalArguments(AskCommand.self))
    }

    func testTheBinaryExitsTwoAndNeverShowsTheWorkbenchHelp() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let mistyped = try cli.run(["hisotry", "list"])
        XCTAssertEqual(mistyped.status, 2)
        XCTAssertEqual(mistyped.stderr, "switchboard: unknown command 'hisotry'; did you mean 'history'?\n")
        let help = try cli.run(["anything", "--help"])
        XCTAssertEqual(help.status, 2)
        XCTAssertFalse(help.stdout.contains("workbench") || help.stdout.contains("USAGE"), help.stdout)
        XCTAssertTrue(help.stderr.contains("unknown command 'anything'"), help.stderr)
    }
}
