import Foundation

/// Runs a command to completion with posix_spawn and waitpid, for the tmux end-to-end tests. Not Foundation's
/// `Process`: it notices an exit through a descriptor the child inherits, and the tmux server that `new-session`
/// starts keeps that open. Output (stdout and stderr together) goes through a file in `scratch`.
enum SpawnedCommand {
    struct Failure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                    scratch: URL) throws -> (status: Int32, output: String) {
        var env = environment ?? ProcessInfo.processInfo.environment
        env["TERM"] = env["TERM"] ?? "xterm-256color"
        let outputFile = scratch.appendingPathComponent("output-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: outputFile) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard spawned == 0 else { throw Failure(message: "cannot run \(executable): error \(spawned)") }
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(30)
        while waitpid(pid, &status, WNOHANG) == 0 {
            guard Date() < deadline else {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                throw Failure(message: "\(executable) \(arguments.joined(separator: " ")) did not finish in 30 s")
            }
            Thread.sleep(forTimeInterval: 0.005)
        }
        let exitCode = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        let data = (try? Data(contentsOf: outputFile)) ?? Data()
        return (exitCode, String(decoding: data, as: UTF8.self))
    }
}
