import Foundation
import SwitchboardCore
import TOMLKit

/// The value readers every section of the config uses: each checks its key's type and range and names file, line
/// and key when it is wrong.
extension ConfigParser {
    func string(_ table: TOMLTable, _ key: String, path: String) throws -> String? {
        guard let value = table[key] else { return nil }
        guard let string = value.string else { throw invalid(path, "must be a string") }
        return string
    }

    func subtable(_ table: TOMLTable, _ key: String, path: String) throws -> TOMLTable? {
        guard let value = table[key] else { return nil }
        guard let subtable = value.table else { throw invalid(path, "must be a table: [\(path)]") }
        return subtable
    }

    func positiveInt(_ table: TOMLTable, _ key: String, path: String) throws -> Int? {
        guard let value = table[key] else { return nil }
        guard let number = value.int, number > 0 else { throw invalid(path + "." + key, "must be a whole number above 0") }
        return number
    }

    func positiveSeconds(_ table: TOMLTable, _ key: String, path: String) throws -> Duration? {
        guard let value = table[key] else { return nil }
        let seconds = value.double ?? value.int.map(Double.init)
        guard let seconds, seconds > 0, seconds <= 3600 else {
            throw invalid(path + "." + key, "must be a number of seconds between 0 and 3600")
        }
        return .milliseconds(Int((seconds * 1000).rounded()))
    }

    /// Dollars per million tokens, written as a number or a string, to an exact per-token Decimal.
    func perToken(_ table: TOMLTable, _ key: String, path: String) throws -> Decimal? {
        try decimal(table, key, path: path, what: "a price in dollars per million tokens, e.g. 0.15").map { $0 / 1_000_000 }
    }

    /// A number of at least 0, written as a number or a string, read exactly (0.1 stays 0.1).
    func decimal(_ table: TOMLTable, _ key: String, path: String, what: String) throws -> Decimal? {
        guard let value = table[key] else { return nil }
        let text = value.string ?? value.int.map(String.init) ?? value.double.map { "\($0)" }
        guard let text, let number = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), number >= 0,
              text.trimmingCharacters(in: .whitespaces).allSatisfy({ $0.isNumber || $0 == "." || $0 == "e" || $0 == "E" || $0 == "-" || $0 == "+" }) else {
            throw invalid(path + "." + key, "must be \(what)")
        }
        return number
    }

    func capabilities(_ table: TOMLTable, _ key: String, path: String) throws -> Set<Capability> {
        guard let list = table[key] else { return [] }
        guard let array = list.array else { throw invalid(path, "must be an array of strings") }
        var capabilities: Set<Capability> = []
        for item in array {
            guard let name = item.string, let capability = Capability(rawValue: name) else {
                let known = Capability.allCases.map(\.rawValue).joined(separator: ", ")
                throw invalid(path, "'\(item.string ?? "?")' is not one of \(known)")
            }
            capabilities.insert(capability)
        }
        return capabilities
    }

    func modelRef(_ text: String, path: String) throws -> ModelRef {
        do { return try ModelRef(parsing: text) } catch { throw invalid(path, "\(error)") }
    }

    func checkKeys(_ table: TOMLTable, allowed: [String], path: String) throws {
        try UnknownKeys.check(table, allowed: allowed, path: path, file: file, locator: locator)
    }

    func invalid(_ path: String, _ message: String) -> ConfigurationError {
        .invalidValue(file: file, line: locator.line(of: path), key: path, message: message)
    }
}
