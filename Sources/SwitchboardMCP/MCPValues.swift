import Foundation
import MCP
import SwitchboardCore

/// Conversions between the SDK's values and Core's.
enum MCPValues {
    static func value(_ json: JSONValue) -> Value {
        switch json {
        case .null: .null
        case .bool(let flag): .bool(flag)
        // JSON has one number type; MCP servers (Python's pydantic among them) tell integers apart.
        case .number(let number):
            number.rounded() == number && abs(number) < 9e15 ? .int(Int(number)) : .double(number)
        case .string(let text): .string(text)
        case .array(let items): .array(items.map(value))
        case .object(let members): .object(members.mapValues(value))
        }
    }

    /// A tool as the model is offered it: its input schema as written by the server.
    static func definition(_ tool: Tool) throws -> ToolDefinition {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let schema = try JSONText(String(decoding: try encoder.encode(tool.inputSchema), as: UTF8.self))
        return ToolDefinition(name: tool.name, description: tool.description, parameters: schema)
    }

    static func part(_ content: Tool.Content) -> ContentPart {
        switch content {
        case .text(let text, _, _):
            return .text(text)
        case .image(let data, let mimeType, _, _):
            guard let bytes = Data(base64Encoded: data) else { return .text("[an image the tool returned could not be read]") }
            return .image(ImagePart(data: bytes, mediaType: mimeType))
        case .audio(_, let mimeType, _, _):
            return .text("[audio (\(mimeType)) left out]")
        case .resource(let resource, _, _):
            return .text(resource.text ?? "[resource \(resource.uri)]")
        case .resourceLink(let uri, let name, _, _, _, _):
            return .text("[\(name): \(uri)]")
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? MCPError { return error.errorDescription ?? "\(error)" }
        return "\(error)"
    }
}
