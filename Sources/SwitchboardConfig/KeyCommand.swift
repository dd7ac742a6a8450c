import Foundation
import SwitchboardCore
#if canImport(Glibc)
import Glibc
#endif

/// Runs a provider's `key_cmd` (`pass show openai`) through `/bin/sh -c` and returns the key it prints.
///
/// The command runs in a process group of its own with standard input from /dev/null; when it outlives the
/// timeout the whole group is killed, so a `sh -c` that started a pipeline leaves nothing behind. Standard output
/// is the key, with one trailing newline removed; it is never logged or stored. A failure names the provider and
/// shows the first lines the command wrote to standard error, with anything key-shaped masked.
public enum KeyCommand {
    public static let defaultTimeout: Duration = .seconds(10)

    /// Waits on a thread of its own: the command may take seconds (a password agent), and the cooperative pool
    /// must not be held for that.
    public static func run(_ command: String, provider: String, timeout: Duration = defaultTimeout) async throws -> String {
        let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<Outcome, Never>) in
            let thread = Thread { continuation.resume(returning: runBlocking(command, timeout: timeout)) }
            thread.name = "switchboard.key-cmd"
            thread.start()
        }
        return try key(from: outcome, provider: provider, timeout: timeout)
    }

    /// What the command did.
    struct Outcome: Sendable, Equatable {
        enum Ending: Sendable, Equatable {
            case exited(Int32)
            case signalled(Int32)
            case timedOut
            case couldNotStart(String)
        }
        var ending: Ending
        var stdout: [UInt8]
        var stderr: [UInt8]
    }

    static func key(from outcome: Outcome, provider: String, timeout: Duration) throws -> String {
        let printed = String(decoding: outcome.stdout, as: UTF8.self)
        var key = printed
        if key.hasSuffix("\r\n") { key.removeLast(1) } else if key.hasSuffix("\n") { key.removeLast() }
        let problem: String?
        switch outcome.ending {
        case .couldNotStart(let reason): problem = "could not be started: \(reason)"
        case .timedOut: problem = "did not finish within \(timeout.formattedSeconds) and was stopped"
        case .signalled(let signal): problem = "was killed by signal \(signal)"
        case .exited(let status) where status != 0: problem = "exited with status \(status)"
        case .exited:
            if key.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                problem = "printed no key"
            } else if key.contains(where: \.isNewline) {
                problem = "printed more than one line; a key is one line (e.g. `pass show NAME | head -n 1`)"
            } else {
                problem = nil
            }
        }
        guard let problem else {
            Redactor.shared.register(key)
            return key
        }
        throw KeyCommandError(provider: provider, problem: problem,
                              stderr: shownStderr(outcome.stderr, hiding: key.isEmpty ? [] : [key, printed]))
    }

    /// The first lines of standard error, without anything that looks like a key (what the command printed on
    /// standard output is treated as one, whatever its shape).
    static func shownStderr(_ bytes: [UInt8], hiding secrets: [String], lines: Int = 3) -> String {
        var text = String(decoding: bytes, as: UTF8.self)
        for secret in secrets where secret.count >= 4 {
            text = text.replacingOccurrences(of: secret.trimmingCharacters(in: .newlines), with: "[redacted]")
        }
        let kept = text.split(whereSeparator: \.isNewline).prefix(lines).map {
            TerminalText.inert(String($0.prefix(300)))
        }
        return Redactor.shared.redact(kept.joined(separator: " / "))
    }

    // MARK: - The process

    /// Spawns, collects both outputs (up to a cap each, so a runaway command cannot fill memory), and waits for
    /// the end or the deadline. Blocks the calling thread.
    static func runBlocking(_ command: String, timeout: Duration) -> Outcome {
        var stdoutPipe: [Int32] = [-1, -1], stderrPipe: [Int32] = [-1, -1]
        guard pipe(&stdoutPipe) == 0 else { return Outcome(ending: .couldNotStart(errorText()), stdout: [], stderr: []) }
        guard pipe(&stderrPipe) == 0 else {
            close(stdoutPipe[0]); close(stdoutPipe[1])
            return Outcome(ending: .couldNotStart(errorText()), stdout: [], stderr: [])
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)
        for fd in [stdoutPipe[0], stdoutPipe[1], stderrPipe[0], stderrPipe[1]] {
            posix_spawn_file_actions_addclose(&actions, fd)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own group (so a timeout can kill everything it started), default signal handling and no blocked
        // signals (the workbench blocks some on its threads).
        var none = sigset_t(), defaults = sigset_t()
        sigemptyset(&none)
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var pid: pid_t = 0
        let arguments = ["/bin/sh", "-c", command]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, &attributes, &argv, environ)
        close(stdoutPipe[1])
        close(stderrPipe[1])
        guard spawned == 0 else {
            close(stdoutPipe[0]); close(stderrPipe[0])
            return Outcome(ending: .couldNotStart(String(cString: strerror(spawned))), stdout: [], stderr: [])
        }
        return collect(pid: pid, stdout: stdoutPipe[0], stderr: stderrPipe[0], deadline: .now + timeout)
    }

    private static let outputCap = 64 * 1024

    private static func collect(pid: pid_t, stdout: Int32, stderr: Int32, deadline: ContinuousClock.Instant) -> Outcome {
        var open = [stdout, stderr]
        var buffers: [Int32: [UInt8]] = [stdout: [], stderr: []]
        var exitedAt: ContinuousClock.Instant?
        var timedOut = false
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let now = ContinuousClock.now
            if now >= deadline { timedOut = exitedAt == nil; break }
            if exitedAt == nil, hasExited(pid) { exitedAt = now }
            // Once the shell has exited, a straggler it left holding the pipes gets a moment, not the whole timeout.
            if let exitedAt, open.isEmpty || now - exitedAt > .milliseconds(200) { break }
            if open.isEmpty { usleep(5_000); continue }
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&fds, nfds_t(fds.count), 20)
            guard ready > 0 else { continue }
            for entry in fds where entry.revents != 0 {
                let count = read(entry.fd, &chunk, chunk.count)
                if count > 0 {
                    if let size = buffers[entry.fd]?.count, size < outputCap {
                        buffers[entry.fd]?.append(contentsOf: chunk.prefix(min(count, outputCap - size)))
                    }
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    open.removeAll { $0 == entry.fd }
                }
            }
        }
        // Everything left in the group goes, then the shell is reaped.
        kill(-pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        close(stdout)
        close(stderr)
        let ending: Outcome.Ending
        if timedOut {
            ending = .timedOut
        } else if status & 0x7f == 0 {
            ending = .exited((status >> 8) & 0xff)
        } else {
            ending = .signalled(status & 0x7f)
        }
        return Outcome(ending: ending, stdout: buffers[stdout] ?? [], stderr: buffers[stderr] ?? [])
    }

    /// Whether the shell has ended, without reaping it: its process group stays reserved until the stragglers
    /// are killed.
    private static func hasExited(_ pid: pid_t) -> Bool {
        var info = siginfo_t()
        // With WNOHANG and nothing to report, Linux leaves si_pid zero.
        return waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info._sifields._sigchld.si_pid == pid
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }
}

/// A `key_cmd` that gave no key: which provider, what went wrong, and what the command said on standard error.
public struct KeyCommandError: Error, Equatable, CustomStringConvertible {
    public var provider: String
    public var problem: String
    public var stderr: String

    public var description: String {
        "the key_cmd of [providers.\(provider)] \(problem)" + (stderr.isEmpty ? "" : "; it printed on stderr: \(stderr)")
    }
}
