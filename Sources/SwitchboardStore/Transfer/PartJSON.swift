import Foundation
import SwitchboardCore

/// One part of a message in a session export (`metadata[i].parts`) and in `history show --json` (`parts`), only on
/// messages that have more than their text. `type` is `text`, `image`, `document`, `tool_call`, `tool_result` or
/// `reasoning`; each writes only its own keys (a tool result its `run` when a tool loop answered it). Attachments
/// give `media_type`, `size` (bytes) and `name` where known, or `url`; their bytes (`data`, base64) are in exports
/// only. A tool call's `arguments` are the model's
/// text exactly in an export (sent back as written), a JSON value in `history show` when they parse.
struct PartJSON: Codable, Equatable {
    struct Origin: Codable, Equatable {
        var wire: String
        var provider: String
        var model: String?
    }

    var type: String
    var text: String?
    var id: String?
    var name: String?
    var arguments: JSONValue?
    var callID: String?
    var isError: Bool?
    var content: [PartJSON]?
    var mediaType: String?
    var size: Int?
    var data: String?
    var url: String?
    var signature: String?
    var redactedData: String?
    var origin: Origin?
    /// A tool result's `run`: how the workbench's or `ask --mcp`'s loop answered the call (server, decision
    /// run|always|refused, refusal, duration_ms).
    var run: ToolRun?

    enum CodingKeys: String, CodingKey {
        case type, text, id, name, arguments, callID = "call_id", isError = "is_error", content,
             mediaType = "media_type", size, data, url, signature, redactedData = "redacted_data", origin, run
    }

    /// Where the JSON goes: an export keeps everything needed to store the part again.
    enum Use { case export, show }

    init(type: String) { self.type = type }

    init(_ part: ContentPart, for use: Use) {
        switch part {
        case .text(let text):
            self.init(type: "text")
            self.text = text
        case .image(let image):
            self.init(type: "image")
            setSource(image.source, use)
        case .document(let document):
            self.init(type: "document")
            name = document.name
            setSource(document.source, use)
        case .toolCall(let call):
            self.init(type: "tool_call")
            id = call.id
            name = call.name
            arguments = use == .export ? .string(call.arguments) : JSONValue.parse(call.arguments) ?? .string(call.arguments)
            signature = call.signature
        case .toolResult(let result):
            self.init(type: "tool_result")
            callID = result.callID
            name = result.name
            isError = result.isError
            content = result.content.map { PartJSON($0, for: use) }
            run = result.run
        case .reasoning(let reasoning):
            self.init(type: "reasoning")
            text = reasoning.text
            signature = reasoning.signature
            redactedData = reasoning.redactedData
            origin = reasoning.origin.map { Origin(wire: $0.wire.rawValue, provider: $0.provider, model: $0.model) }
        }
    }

    private mutating func setSource(_ source: MediaSource, _ use: Use) {
        switch source {
        case .bytes(let bytes, let type):
            mediaType = type
            size = bytes.count
            if use == .export { data = bytes.base64EncodedString() }
        case .url(let address):
            url = address.absoluteString
        }
    }

    /// The part as stored; `place` names it in errors.
    func part(_ place: String) throws -> ContentPart {
        switch type {
        case "text":
            return .text(try required(text, "text", place))
        case "image":
            return .image(ImagePart(try source(place)))
        case "document":
            return .document(DocumentPart(try source(place), name: name))
        case "tool_call":
            let raw: String
            switch try required(arguments, "arguments", place) {
            case .string(let text): raw = text
            case let other: raw = String(decoding: try JSONEncoder().encode(other), as: UTF8.self)
            }
            return .toolCall(ToolCall(id: try required(id, "id", place), name: try required(name, "name", place),
                                      arguments: raw, signature: signature))
        case "tool_result":
            let parts = try (content ?? []).enumerated().map { try $1.part("\(place) content[\($0)]") }
            var result = ToolResult(callID: try required(callID, "call_id", place), content: parts,
                                    isError: isError ?? false, name: name)
            result.run = run
            return .toolResult(result)
        case "reasoning":
            var origin: ReasoningOrigin?
            if let stated = self.origin {
                guard let wire = WireProtocol(rawValue: stated.wire) else {
                    throw StoreError.invalidImport(detail: "\(place): unknown wire '\(stated.wire)'")
                }
                origin = ReasoningOrigin(wire: wire, provider: stated.provider, model: stated.model)
            }
            return .reasoning(ReasoningPart(text: text ?? "", signature: signature, redactedData: redactedData, origin: origin))
        default:
            throw StoreError.invalidImport(detail: "\(place): unknown part type '\(type)'")
        }
    }

    private func source(_ place: String) throws -> MediaSource {
        if let data {
            guard let bytes = Data(base64Encoded: data) else {
                throw StoreError.invalidImport(detail: "\(place): data is not base64")
            }
            return .bytes(bytes, mediaType: try required(mediaType, "media_type", place))
        }
        if let url, let address = URL(string: url) { return .url(address) }
        throw StoreError.invalidImport(detail: "\(place): an attachment needs data or url")
    }

    private func required<Value>(_ value: Value?, _ key: String, _ place: String) throws -> Value {
        guard let value else { throw StoreError.invalidImport(detail: "\(place): missing '\(key)'") }
        return value
    }
}
