import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A stdio server's process: spawned in a process group of its own with three pipes, its standard error kept
/// (the last few KiB, for the error that names why it stopped), and its exit reported once.
final class ServerProcess: @unchecked Sendable {
    let pid: pid_t
    /// What the server reads (our write end of its standard input) and writes (our read end of its output).
    let toServer: Int32
    let fromServer: Int32
    private let stderrFD: Int32
    private let lock = NSLock()
    private var stderrTail: [UInt8] = []
    private var exitStatus: Int32?
    private var exitWaiters: [CheckedContinuation<Int32, Never>] = []
    private static let tailCap = 4096

    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// Spawns `command` (looked up in PATH) with `arguments`; `environment` is added to this process's own.
    init(command: String, arguments: [String], environment: [String: String]) throws {
        // A server that dies leaves a pipe nobody reads: writing to it must be an error (EPIPE), not the end of
        // this process.
        signal(SIGPIPE, SIG_IGN)
        var input: [Int32] = [-1, -1], output: [Int32] = [-1, -1], errors: [Int32] = [-1, -1]
        guard pipe(&input) == 0 else { throw StartFailure(description: Self.errnoText()) }
        guard pipe(&output) == 0 else {
            Self.close(input)
            throw StartFailure(description: Self.errnoText())
        }
        guard pipe(&errors) == 0 else {
            Self.close(input + output)
            throw StartFailure(description: Self.errnoText())
        }
        // Our ends must not leak into another server started later, or its end of file would never come.
        for fd in [input[1], output[0], errors[0]] { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errors[1], 2)
        for fd in input + output + errors { posix_spawn_file_actions_addclose(&actions, fd) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own group (stopping it stops what it started; Ctrl-C in the terminal is ours to handle), default
        // signal handling and no blocked signals (the workbench blocks some on its threads).
        var none = sigset_t(), defaults = sigset_t()
        sigemptyset(&none)
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        let envStrings = merged.map { "\($0.key)=\($0.value)" }
        let argStrings = [command] + arguments
        var argv: [UnsafeMutablePointer<CChar>?] = argStrings.map { strdup($0) } + [nil]
        var envp: [UnsafeMutablePointer<CChar>?] = envStrings.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let spawned: Int32
        if let executable = Self.find(command, path: merged["PATH"]) {
            spawned = posix_spawn(&pid, executable, &actions, &attributes, &argv, &envp)
        } else {
            spawned = ENOENT
        }
        Self.close([input[0], output[1], errors[1]])
        guard spawned == 0 else {
            Self.close([input[1], output[0], errors[0]])
            throw StartFailure(description: "could not start \(command): \(String(cString: strerror(spawned)))")
        }
        self.pid = pid
        toServer = input[1]
        fromServer = output[0]
        stderrFD = errors[0]
        startWatching()
    }

    /// The server's last lines on standard error, for messages (empty when it said nothing).
    var stderrSummary: String {
        let text = lock.withLock { String(decoding: stderrTail, as: UTF8.self) }
        let lines = text.split(whereSeparator: \.isNewline).suffix(3).map { String($0.prefix(300)) }
        return lines.joined(separator: " / ")
    }

    var exited: Int32? { lock.withLock { exitStatus } }

    /// Waits for the exit; returns the wait status at once if it has happened.
    func waitForExit() async -> Int32 {
        await withCheckedContinuation { continuation in
            let status = lock.withLock { () -> Int32? in
                if exitStatus == nil { exitWaiters.append(continuation) }
                return exitStatus
            }
            if let status { continuation.resume(returning: status) }
        }
    }

    /// `exited with status 1`, `was killed by signal 9`.
    static func describe(_ status: Int32) -> String {
        let signalled = status & 0x7f
        if signalled == 0 { return "exited with status \((status >> 8) & 0xff)" }
        return "was killed by signal \(signalled)"
    }

    /// Asks the group to stop, then kills it if it has not gone after `grace`. Our pipe ends are closed once it has.
    func stop(grace: Duration = .milliseconds(500)) async {
        if exited == nil {
            kill(-pid, SIGTERM)
            let deadline = ContinuousClock.now + grace
            while exited == nil, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
            if exited == nil { kill(-pid, SIGKILL) }
            _ = await waitForExit()
        }
    }

    /// A blocking reader for standard error and a blocking waitpid, each on a thread of its own: a server runs for
    /// the whole session, and neither may take a thread of the cooperative pool.
    private func startWatching() {
        let stderrFD = self.stderrFD
        Thread.detachNewThread { [self] in
            var chunk = [UInt8](repeating: 0, count: 1024)
            while true {
                let count = read(stderrFD, &chunk, chunk.count)
                if count > 0 {
                    lock.withLock {
                        stderrTail.append(contentsOf: chunk.prefix(count))
                        if stderrTail.count > Self.tailCap { stderrTail.removeFirst(stderrTail.count - Self.tailCap) }
                    }
                } else if count == 0 || errno != EINTR {
                    break
                }
            }
            closeDescriptor(stderrFD)
        }
        let pid = self.pid
        Thread.detachNewThread { [self] in
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            let waiters = lock.withLock { () -> [CheckedContinuation<Int32, Never>] in
                exitStatus = status
                defer { exitWaiters = [] }
                return exitWaiters
            }
            waiters.forEach { $0.resume(returning: status) }
        }
    }

    /// Closes our ends of the server's standard input and output (after the transport is done with them).
    func closePipes() {
        closeDescriptor(toServer)
        closeDescriptor(fromServer)
    }

    /// The command itself when it names a path, else the first executable of that name in `path`'s folders
    /// (the server's own PATH, which the config's env may change).
    static func find(_ command: String, path: String?) -> String? {
        if command.contains("/") { return command }
        for folder in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") where !folder.isEmpty {
            let candidate = "\(folder)/\(command)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    private static func close(_ fds: [Int32]) { for fd in fds where fd >= 0 { closeDescriptor(fd) } }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}

/// `close` from the C library (the name is taken by methods here).
@inline(__always) private func closeDescriptor(_ fd: Int32) {
    #if canImport(Glibc)
    _ = Glibc.close(fd)
    #else
    _ = Darwin.close(fd)
    #endif
}

