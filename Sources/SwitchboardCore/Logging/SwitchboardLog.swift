import Foundation
import Logging

/// The process's log: where it lives, and the one-time swift-log bootstrap the `switchboard` executable calls.
public enum SwitchboardLog {
    /// `$XDG_STATE_HOME/switchboard/switchboard.log`, by default `~/.local/state/switchboard/switchboard.log`.
    public static func fileURL(environment: [String: String]) -> URL {
        let state: URL
        if let configured = environment["XDG_STATE_HOME"], configured.hasPrefix("/") {
            // The XDG spec ignores a relative path here.
            state = URL(fileURLWithPath: configured, isDirectory: true)
        } else {
            let home = environment["HOME"].map { URL(fileURLWithPath: $0, isDirectory: true) }
                ?? FileManager.default.homeDirectoryForCurrentUser
            state = home.appendingPathComponent(".local/state", isDirectory: true)
        }
        return state.appendingPathComponent("switchboard/switchboard.log")
    }

    /// Sends every `Logger` of the process to the log file. swift-log allows one bootstrap per process.
    public static func bootstrap(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let file = LogFile(url: fileURL(environment: environment))
        LoggingSystem.bootstrap { label in FileLogHandler(label: label, file: file) }
    }
}
