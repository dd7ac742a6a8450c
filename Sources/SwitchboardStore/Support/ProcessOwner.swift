import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process that owns an attempt in flight or a budget hold, named so that a later process can tell whether
/// it still runs. A pid alone is not enough, pids are reused: the owner also carries the process's start time
/// (clock ticks after boot, field 22 of /proc/PID/stat) and the boot id. The same pid, started at the same tick
/// of the same boot, is the same process; anything else means the owner has ended.
struct ProcessOwner: Hashable, Sendable {
    var pid: Int32
    /// Nil where /proc is unavailable: liveness then falls back to "a process with this pid exists".
    var startTicks: UInt64?
    var bootID: String?

    /// This process, read once.
    static let current = ProcessOwner(pid: getpid(), startTicks: startTicks(of: getpid()), bootID: currentBootID)

    /// "pid start boot", as stored; missing parts are "-".
    var text: String {
        "\(pid) \(startTicks.map(String.init) ?? "-") \(bootID ?? "-")"
    }

    init(pid: Int32, startTicks: UInt64?, bootID: String?) {
        self.pid = pid
        self.startTicks = startTicks
        self.bootID = bootID
    }

    init?(text: String) {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard parts.count == 3, let pid = Int32(parts[0]), pid > 0 else { return nil }
        self.init(pid: pid, startTicks: UInt64(parts[1]), bootID: parts[2] == "-" ? nil : parts[2])
    }

    /// Whether the owner still runs. A zombie (killed, not yet reaped) has ended.
    var isAlive: Bool {
        if let bootID, let currentBoot = Self.currentBootID, bootID != currentBoot { return false }
        if let stat = Self.stat(of: pid) {
            if stat.state == "Z" || stat.state == "X" { return false }
            guard let startTicks else { return true }
            return stat.startTicks == startTicks
        }
        // No readable /proc entry (no /proc, or hidden): ask the kernel whether the pid exists at all.
        return kill(pid, 0) == 0 || errno == EPERM
    }

    private static let currentBootID: String? = {
        guard let data = FileManager.default.contents(atPath: "/proc/sys/kernel/random/boot_id") else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }()

    private static func startTicks(of pid: Int32) -> UInt64? { stat(of: pid)?.startTicks }

    /// State and start time from /proc/PID/stat. The command name (field 2) may hold spaces and parentheses,
    /// so fields are counted from the last ')'.
    private static func stat(of pid: Int32) -> (state: Character, startTicks: UInt64)? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
        // fields[0] is field 3 (state); field 22 (starttime) is fields[19].
        guard fields.count > 19, let state = fields[0].first, let start = UInt64(fields[19]) else { return nil }
        return (state, start)
    }
}
