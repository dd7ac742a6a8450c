import Foundation
import SwitchboardCore

/// `ask --schema FILE|JSON`: asks for structured output (`ResponseFormat.jsonSchema`) and checks the reply
/// against the schema once it has ended (`JSONSchemaCheck`); a reply that does not match exits 4.
struct AskSchema: Sendable {
    /// The exit code of a reply that is not JSON matching the schema: the same as an incomplete answer.
    static let mismatchExitCode: Int32 = 4

    var name: String
    var text: JSONText
    var schema: JSONValue

    /// `argument` is inline JSON when it starts with `{`, else a file path; the schema's name is the file's
    /// name without its extension (letters, digits, `_` and `-`, as providers require), or `answer`.
    init(argument: String) throws {
        let trimmed = argument.trimmingCharacters(in: .whitespacesAndNewlines)
        let source: String
        let json: String
        if trimmed.hasPrefix("{") {
            source = "--schema"
            json = trimmed
            name = "answer"
        } else {
            source = "--schema \(argument)"
            do { json = try String(contentsOf: URL(fileURLWithPath: argument), encoding: .utf8) } catch {
                throw CLIError.usage("\(source): cannot read the file (\((error as NSError).localizedDescription))")
            }
            name = Self.name(fromFile: argument)
        }
        do {
            text = try JSONText(json)
            schema = try JSONValue(parsing: json)
        } catch {
            throw CLIError.usage("\(source): not valid JSON")
        }
        guard case .object = schema else { throw CLIError.usage("\(source): a JSON Schema must be a JSON object") }
    }

    var responseFormat: ResponseFormat {
        // Not strict: OpenAI's strict mode refuses schemas outside its subset; the reply is checked here instead.
        .jsonSchema(name: name, schema: text, strict: false)
    }

    /// Why `reply` does not match, one line per problem (at most five); empty when it matches.
    func problems(in reply: String) -> [String] {
        let value: JSONValue
        do { value = try JSONValue(parsing: reply) } catch { return ["the reply is not valid JSON"] }
        let violations = JSONSchemaCheck.violations(of: value, against: schema)
        let shown = violations.prefix(5).map(\.description)
        return violations.count > 5 ? shown + ["… and \(violations.count - 5) more"] : shown
    }

    static func name(fromFile path: String) -> String {
        let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let cleaned = String(stem.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "_" || scalar == "-")
                ? Character(scalar) : "_"
        }.prefix(64))
        return cleaned.contains(where: { $0 != "_" }) ? cleaned : "answer"
    }
}
