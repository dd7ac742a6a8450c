import Foundation
import SwitchboardCore
import TOMLKit

/// Reads one role file, `roles/NAME.toml`:
///
/// ```toml
/// description = "Reviews code like a careful colleague"
/// system = "You review code. Point out bugs first, then risks, then style."
/// model = "anthropic/claude-sonnet-4-5"   # a model, alias or route
/// temperature = 0.2                        # 0-2
/// reasoning = "medium"                     # off | low | medium | high
/// ```
///
/// Errors name the file, line and key as config.toml's do; an unknown key suggests the closest known one.
public enum RoleFile {
    static let keys = ["description", "system", "model", "temperature", "reasoning"]

    public static func load(_ url: URL) throws -> RoleDefinition {
        let name = url.deletingPathExtension().lastPathComponent
        guard RoleDefinition.isValidName(name) else {
            throw ConfigurationError.invalidValue(file: url.path, line: nil, key: "name",
                                                  message: "'\(name)' cannot be a role name: use letters, digits, - and _")
        }
        return try parse(try TOMLFile.readText(url, what: "role file"), name: name, file: url.path)
    }

    public static func parse(_ text: String, name: String, file: String) throws -> RoleDefinition {
        let table = try TOMLFile.table(text, file: file)
        let locator = KeyLocator(text: text)
        try UnknownKeys.check(table, allowed: keys, path: "", file: file, locator: locator)
        func invalid(_ key: String, _ message: String) -> ConfigurationError {
            .invalidValue(file: file, line: locator.line(of: key), key: key, message: message)
        }
        func string(_ key: String) throws -> String? {
            guard let value = table[key] else { return nil }
            guard let text = value.string else { throw invalid(key, "must be a string") }
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw invalid(key, "must not be empty") }
            return text
        }
        var role = RoleDefinition(name: name, source: .file(file))
        role.description = try string("description")
        role.systemPrompt = try string("system")
        if let model = try string("model") {
            do { _ = try ModelRef(parsing: model) } catch { throw invalid("model", "\(error)") }
            role.model = model.trimmingCharacters(in: .whitespaces)
        }
        if let value = table["temperature"] {
            guard let number = value.double ?? value.int.map(Double.init), (0...2).contains(number) else {
                throw invalid("temperature", "must be a number from 0 to 2, e.g. 0.2")
            }
            role.temperature = number
        }
        if let value = table["reasoning"] {
            guard let word = value.string, let setting = reasoning(word) else {
                throw invalid("reasoning", "must be one of off, low, medium, high")
            }
            role.reasoning = setting
        }
        guard role.systemPrompt != nil || role.model != nil || role.temperature != nil || role.reasoning != nil else {
            throw ConfigurationError.invalidValue(file: file, line: nil, key: "system",
                                                  message: "a role sets at least one of system, model, temperature, reasoning")
        }
        return role
    }

    static func reasoning(_ word: String) -> ReasoningSetting? {
        switch word {
        case "off": .off
        default: ReasoningEffort(rawValue: word).map { .effort($0) }
        }
    }
}
