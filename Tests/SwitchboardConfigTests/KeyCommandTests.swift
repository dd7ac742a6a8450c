import SwitchboardCore
import XCTest
@testable import SwitchboardConfig

/// `key_cmd` with real small shell commands.
final class KeyCommandTests: XCTestCase {
    func testTheKeyIsStandardOutputWithOneTrailingNewlineRemoved() async throws {
        let key = try await KeyCommand.run("echo sk-from-command-0001", provider: "openai")
        XCTAssertEqual(key, "sk-from-command-0001")
        let spaced = try await KeyCommand.run("printf '  k-with-spaces  \\n'", provider: "openai")
        XCTAssertEqual(spaced, "  k-with-spaces  ", "only the newline goes")
    }

    func testAFailingCommandNamesTheProviderStatusAndItsStandardError() async {
        do {
            _ = try await KeyCommand.run("echo 'gpg: decryption failed: No secret key' >&2; echo second >&2; exit 3",
                                         provider: "anthropic")
            XCTFail("a failing command gives no key")
        } catch {
            XCTAssertEqual("\(error)", "the key_cmd of [providers.anthropic] exited with status 3; it printed on stderr: "
                           + "gpg: decryption failed: No secret key / second")
        }
    }

    func testStandardErrorShowsOnlyItsFirstLinesAndNothingKeyShaped() async {
        do {
            _ = try await KeyCommand.run("printf 'one\\ntwo sk-abcdefghijklmnop1234\\nthree\\nfour\\n' >&2; exit 1",
                                         provider: "openai")
            XCTFail("exit 1 gives no key")
        } catch {
            let text = "\(error)"
            XCTAssertTrue(text.hasSuffix("it printed on stderr: one / two sk-a…[redacted] / three"), text)
            XCTAssertFalse(text.contains("four"))
        }
    }

    func testWhatTheCommandPrintedIsMaskedInItsStandardError() async {
        // A command that prints the key and then fails while echoing it on stderr must not show it.
        do {
            _ = try await KeyCommand.run("echo plainsecretvalue; echo 'bad: plainsecretvalue' >&2; exit 2", provider: "groq")
            XCTFail("exit 2 gives no key")
        } catch {
            XCTAssertFalse("\(error)".contains("plainsecretvalue"), "\(error)")
            XCTAssertTrue("\(error)".contains("bad: [redacted]"), "\(error)")
        }
    }

    func testEmptyOrManyLinesOfOutputIsNoKey() async {
        for (command, problem) in [("true", "printed no key"), ("printf '\\n'", "printed no key"),
                                   ("printf 'a\\nb\\n'", "printed more than one line")] {
            do {
                _ = try await KeyCommand.run(command, provider: "xai")
                XCTFail(command)
            } catch {
                XCTAssertTrue("\(error)".hasPrefix("the key_cmd of [providers.xai] \(problem)"), "\(command): \(error)")
            }
        }
    }

    func testACommandThatOutlivesTheTimeoutIsKilledWithEverythingItStarted() async throws {
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("keycmd-\(UUID().uuidString)")
        let started = ContinuousClock.now
        do {
            // The background sleeper is in the same process group; it must die with the shell.
            _ = try await KeyCommand.run("(sleep 1; touch \(marker.path)) & echo partial >&2; sleep 30; echo late",
                                         provider: "mistral", timeout: .milliseconds(300))
            XCTFail("a command that times out gives no key")
        } catch {
            XCTAssertEqual("\(error)", "the key_cmd of [providers.mistral] did not finish within 300 ms and was stopped; "
                           + "it printed on stderr: partial")
        }
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(5))
        try await Task.sleep(for: .milliseconds(1500))
        XCTAssertFalse(FileManager.default.fileExists(atPath: marker.path), "the group was killed, not only the shell")
    }

    func testACommandReadsNothingFromTheTerminal() async throws {
        // Standard input is /dev/null: `cat` ends at once instead of waiting for the keyboard.
        let key = try await KeyCommand.run("cat; echo k-after-stdin", provider: "openai", timeout: .seconds(5))
        XCTAssertEqual(key, "k-after-stdin")
    }

    func testTheWaitDoesNotHoldTheCooperativePool() async throws {
        // Three 1-second commands per core at once: waits on pool threads (as many as cores) would take 3 s.
        let count = 3 * max(ProcessInfo.processInfo.activeProcessorCount, 1)
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<count { group.addTask { try await KeyCommand.run("sleep 1; echo k\(index)", provider: "p") } }
            for try await _ in group {}
        }
        XCTAssertLessThan(ContinuousClock.now - started, .milliseconds(2500))
    }
}
