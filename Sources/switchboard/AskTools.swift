import Foundation
import SwitchboardCore

/// `ask --tools FILE`: a JSON array of tool definitions, OpenAI's shape
/// (`{"type": "function", "function": {"name", "description", "parameters"}}`) or the bare inner object
/// (`{"name", "description", "parameters"}`). A malformed entry is a usage error naming it. `ask` only offers
/// the tools: it never runs one.
enum AskTools {
    static func load(_ path: String) throws -> [ToolDefinition] {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw CLIError.usage("--tools \(path): cannot read the file (\((error as NSError).localizedDescription))")
        }
        return try parse(data, source: path)
    }

    static func parse(_ data: Data, source: String) throws -> [ToolDefinition] {
        let parsed: Any
        do { parsed = try JSONSerialization.jsonObject(with: data) } catch {
            throw CLIError.usage("--tools \(source): not valid JSON")
        }
        guard let entries = parsed as? [Any] else {
            throw CLIError.usage("--tools \(source): expected a JSON array of tool definitions")
        }
        var names = Set<String>()
        return try entries.enumerated().map { index, entry in
            let tool = try definition(entry, source: source, number: index + 1)
            guard names.insert(tool.name).inserted else {
                throw CLIError.usage("--tools \(source): entry \(index + 1) (\"\(tool.name)\"): the name is used twice")
            }
            return tool
        }
    }

    private static func definition(_ entry: Any, source: String, number: Int) throws -> ToolDefinition {
        func failure(_ message: String, name: String? = nil) -> CLIError {
            CLIError.usage("--tools \(source): entry \(number)" + (name.map { " (\"\($0)\")" } ?? "") + ": \(message)")
        }
        guard var object = entry as? [String: Any] else { throw failure("expected an object") }
        if let type = object["type"] {
            guard type as? String == "function" else { throw failure("\"type\" must be \"function\"") }
            guard let inner = object["function"] as? [String: Any] else {
                throw failure("\"function\" must be an object with the tool's name, description and parameters")
            }
            object = inner
        }
        guard let name = object["name"] as? String else { throw failure("missing \"name\" (a string)") }
        guard !name.isEmpty, name.count <= 64,
              name.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) && $0.isASCII || $0 == "_" || $0 == "-" })
        else { throw failure("the name must be 1-64 letters, digits, _ or -", name: name) }
        let description = object["description"]
        guard description == nil || description is String else {
            throw failure("\"description\" must be a string", name: name)
        }
        // A tool without arguments still gets an object schema: providers want one.
        let schema = object["parameters"] ?? ["type": "object", "properties": [String: Any]()]
        guard schema is [String: Any] else { throw failure("\"parameters\" must be a JSON Schema object", name: name) }
        let parameters: JSONText
        do { parameters = try JSONText(object: schema) } catch { throw failure("\"parameters\": \(error)", name: name) }
        return ToolDefinition(name: name, description: description as? String, parameters: parameters)
    }
}
