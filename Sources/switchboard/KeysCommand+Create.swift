import ArgumentParser
import Foundation
import SwitchboardCore

/// `switchboard keys create NAME`: prints the new key once, alone on standard output (so a script can capture
/// it), and says on standard error that it will not be shown again.
struct KeysCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a key and print it once. Only a salted hash is stored: it cannot be shown again."
    )

    @OptionGroup var store: StoreOptions
    @Argument(help: "A name for the key (letters, digits, '.', '_', '-'; at most 64).") var name: String
    @Option(help: "Daily spending cap in USD (local calendar day), e.g. 5 or 0.50.") var daily: String?
    @Option(help: "Monthly spending cap in USD.") var monthly: String?
    @Option(help: "Models the key may ask for, comma separated; * matches any characters (gpt-4o*,anthropic/*,auto).")
    var models: String?
    @Option(help: "Requests per minute the key may make.") var rpm: Int?

    func run() async throws {
        if let problem = GatewayKeyError.check(name: name) { throw StoreOptions.usage("\(problem)") }
        let limits = try Self.limits(daily: daily, monthly: monthly, models: models, rpm: rpm)
        let (secret, stored) = GatewayKeySecret.generate()
        let key = try await store.writing { database in
            do {
                return try await database.createGatewayKey(name: name, limits: limits, stored: stored, at: Date())
            } catch let error as GatewayKeyError {
                throw StoreOptions.usage("\(error)")
            }
        }
        Console.out(secret + "\n")
        Console.note("created key '\(key.name)' (\(key.prefix)…): \(KeysListCommand.describe(key.limits))")
        Console.note("this key is shown only now and cannot be shown again: store it somewhere safe")
    }

    /// The options checked before anything is written; a bad one exits 2 naming it.
    static func limits(daily: String?, monthly: String?, models: String?, rpm: Int?) throws -> GatewayKeyLimits {
        var patterns: [String] = []
        if let models {
            patterns = models.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            if let problem = patterns.lazy.compactMap(GatewayKeyPattern.problem).first {
                throw StoreOptions.usage("--models: \(problem)")
            }
        }
        if let rpm, rpm < 1 { throw StoreOptions.usage("--rpm must be a whole number of requests per minute, 1 or more; not \(rpm)") }
        return GatewayKeyLimits(daily: try dollars(daily, option: "--daily"), monthly: try dollars(monthly, option: "--monthly"),
                                models: patterns, rpm: rpm)
    }

    /// `5`, `0.50`, `$5`: a non-negative amount in USD.
    static func dollars(_ text: String?, option: String) throws -> Money? {
        guard let text else { return nil }
        let digits = text.hasPrefix("$") ? String(text.dropFirst()) : text
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              digits.filter({ $0 == "." }).count <= 1, let money = Money(decimalString: digits) else {
            throw StoreOptions.usage("\(option): expected an amount in USD such as 5 or 0.50, got '\(text)'")
        }
        return money
    }
}
