import ArgumentParser
import Foundation
import SwitchboardCore

/// `switchboard keys list`: every key with its caps and what it has spent today and this month.
struct KeysListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the keys: prefix, caps, models, rate, spend today and this month, created, revoked."
    )

    @OptionGroup var store: StoreOptions
    @Flag(help: "Print JSON rows: name, prefix, daily, monthly, models, rpm, spent_today, spent_month, created, revoked.")
    var json = false

    func run() async throws {
        let keys = try await store.read { try await $0.gatewayKeys() }
        if json { return Console.out(try Self.json(keys)) }
        guard !keys.isEmpty else { return Console.note("no keys yet: switchboard keys create NAME") }
        var table = ReportTable([("NAME", .left), ("PREFIX", .left), ("TODAY", .right), ("DAILY", .right),
                                 ("MONTH", .right), ("MONTHLY", .right), ("MODELS", .left), ("RPM", .right),
                                 ("CREATED", .left), ("REVOKED", .left)])
        for usage in keys {
            let key = usage.key
            table.add([key.name, key.prefix + "…", usage.today.description, key.limits.daily?.description ?? "–",
                       usage.thisMonth.description, key.limits.monthly?.description ?? "–",
                       key.limits.models.isEmpty ? "any" : ReportTable.truncate(key.limits.models.joined(separator: ","), width: 40),
                       key.limits.rpm.map(String.init) ?? "–", HistoryFormat.time(key.createdAt),
                       key.revokedAt.map(HistoryFormat.time) ?? "–"])
        }
        Console.out(table.render())
    }

    /// One line for `create`: the caps, models and rate a key was given.
    static func describe(_ limits: GatewayKeyLimits) -> String {
        var parts: [String] = []
        if let daily = limits.daily { parts.append("daily cap \(daily)") }
        if let monthly = limits.monthly { parts.append("monthly cap \(monthly)") }
        parts.append(limits.models.isEmpty ? "any model" : "models " + limits.models.joined(separator: ","))
        if let rpm = limits.rpm { parts.append("\(rpm) requests/minute") }
        return parts.joined(separator: ", ")
    }

    static func json(_ keys: [GatewayKeyUsage]) throws -> String {
        struct Row: Encodable {
            var name, prefix: String
            var daily, monthly: String?
            var models: [String]
            var rpm: Int?
            var spentToday, spentMonth, created: String
            var revoked: String?
        }
        let formatter = ISO8601DateFormatter()
        let rows = keys.map { usage in
            let key = usage.key
            return Row(name: key.name, prefix: key.prefix, daily: key.limits.daily?.decimalString,
                       monthly: key.limits.monthly?.decimalString, models: key.limits.models, rpm: key.limits.rpm,
                       spentToday: usage.today.decimalString, spentMonth: usage.thisMonth.decimalString,
                       created: formatter.string(from: key.createdAt), revoked: key.revokedAt.map(formatter.string))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try rows.map { String(decoding: try encoder.encode($0), as: UTF8.self) + "\n" }.joined()
    }
}
