import Foundation

/// Neutral messages as Gemini `contents`: `user` and `model` turns that alternate, starting with a user turn.
///
/// - Tool results (from a `tool` message, or a user message in Anthropic's shape) are `functionResponse` parts
///   of a user turn. Gemini matches a response to its call by name and order, not id: the name is the result's
///   own, or that of the call with the result's id earlier in the history. Ids are not sent.
/// - Tool calls are `functionCall` parts with `args` an object, and their `thoughtSignature` when Gemini gave one.
///   Gemini 3 refuses a model turn whose calls carry no signature; calls made by another vendor get the dummy
///   signature Google documents for histories moved from another model.
/// - Thinking written by Gemini goes back as `thought` parts with its signature. Another vendor's thinking is
///   dropped: its signature means nothing here and as text it would read as something the model said
///   (`GeminiAdapter.historyNotes` says so).
enum GeminiContents {
    /// What Google's documentation says to send as the signature of a call Gemini did not make.
    static let foreignCallSignature = "skip_thought_signature_validator"

    struct Options {
        var provider: String
        /// Gemini 3 validates call signatures; earlier models do not, and are not sent dummy ones.
        var validatesSignatures: Bool
    }

    static func encode(_ messages: [ChatMessage], options: Options) throws -> [RequestJSON] {
        var callNames: [String: String] = [:]
        for message in messages {
            for call in message.toolCalls { callNames[call.id] = call.name }
        }
        var turns: [(role: String, parts: [Part])] = []
        for message in messages where message.role != .system {
            let role = message.role == .assistant ? "model" : "user"
            let parts = try self.parts(message, role: role, callNames: callNames, options: options)
            guard !parts.isEmpty else { continue }
            if let last = turns.last, last.role == role {
                turns[turns.count - 1].parts = merge(last.parts, parts)
            } else {
                turns.append((role, parts))
            }
        }
        if turns.first?.role == "model" {
            turns.insert(("user", [.text(ConversationTurns.leadingUserPlaceholder)]), at: 0)
        }
        return turns.map { turn in
            .object([("role", .string(turn.role)), ("parts", .array(signed(turn, options).map(\.json)))])
        }
    }

    static func isOwn(_ reasoning: ReasoningPart) -> Bool {
        reasoning.origin?.wire == .gemini && !reasoning.redacted
    }

    // MARK: - Parts

    enum Part {
        case text(String)
        case encoded(RequestJSON)
        /// A call, kept apart until the turn is complete so the first one can be signed.
        case call(name: String, args: RequestJSON, signature: String?)

        var json: RequestJSON {
            switch self {
            case .text(let text): .object([("text", .string(text))])
            case .encoded(let json): json
            case .call(let name, let args, let signature):
                Self.call(name: name, args: args, signature: signature)
            }
        }

        private static func call(name: String, args: RequestJSON, signature: String?) -> RequestJSON {
            var members: [(key: String, value: RequestJSON)] = [
                ("functionCall", .object([("name", .string(name)), ("args", args)])),
            ]
            if let signature { members.append(("thoughtSignature", .string(signature))) }
            return .object(members)
        }
    }

    /// Text next to text joins with a blank line, as same-role messages always have.
    private static func merge(_ first: [Part], _ second: [Part]) -> [Part] {
        guard case .text(let tail)? = first.last, case .text(let head)? = second.first else { return first + second }
        return first.dropLast() + [.text(tail + "\n\n" + head)] + second.dropFirst()
    }

    /// Gemini 3 wants the first call of a model turn signed; a turn whose calls all came from elsewhere gets
    /// the documented dummy.
    private static func signed(_ turn: (role: String, parts: [Part]), _ options: Options) -> [Part] {
        guard options.validatesSignatures, turn.role == "model" else { return turn.parts }
        var parts = turn.parts
        let calls = parts.indices.filter { if case .call = parts[$0] { true } else { false } }
        let signedAlready = calls.contains { if case .call(_, _, let signature?) = parts[$0] { !signature.isEmpty } else { false } }
        if let first = calls.first, !signedAlready, case .call(let name, let args, _) = parts[first] {
            parts[first] = .call(name: name, args: args, signature: foreignCallSignature)
        }
        return parts
    }

    private static func parts(_ message: ChatMessage, role: String, callNames: [String: String],
                              options: Options) throws -> [Part] {
        var out: [Part] = []
        var pendingText = ""
        func flushText() {
            if !pendingText.isEmpty { out.append(.text(pendingText)) }
            pendingText = ""
        }
        for part in message.parts {
            if case .text(let text) = part {
                pendingText += text
                continue
            }
            flushText()
            switch part {
            case .text:
                break
            case .image(let image):
                out.append(.encoded(media(image.source, name: nil)))
            case .document(let document):
                out.append(try self.document(document, provider: options.provider))
            case .toolCall(let call):
                // Only the model calls tools; a call in another role is not something Gemini can take.
                guard role == "model" else { continue }
                out.append(.call(name: call.name, args: arguments(call.arguments), signature: call.signature))
            case .toolResult(let result):
                out += try response(result, callNames: callNames, provider: options.provider)
            case .reasoning(let reasoning):
                // An empty unsigned block carries nothing, and Gemini refuses an empty part.
                guard role == "model", isOwn(reasoning), !reasoning.text.isEmpty || reasoning.signature != nil else { continue }
                out.append(.encoded(thought(reasoning)))
            }
        }
        flushText()
        return out
    }

    /// A thought summary with its signature; a signature alone (Gemini signs an empty text part) goes back alone.
    private static func thought(_ reasoning: ReasoningPart) -> RequestJSON {
        var members: [(key: String, value: RequestJSON)] = [("text", .string(reasoning.text))]
        if !reasoning.text.isEmpty { members.append(("thought", .bool(true))) }
        if let signature = reasoning.signature { members.append(("thoughtSignature", .string(signature))) }
        return .object(members)
    }

    /// The call's arguments as the object Gemini wants. Arguments that are not a JSON object (a model can
    /// write broken JSON) go as an empty object: Gemini refuses anything else, and the turn must still be sent.
    private static func arguments(_ text: String) -> RequestJSON {
        guard let json = try? JSONText(text), json.object is [String: Any] else { return .object([]) }
        return .raw(json)
    }

    /// `functionResponse.response` is an object: a JSON object result as it is, other text under `output`,
    /// an error under `error` (the keys Gemini documents). Images a tool returned follow as inline data.
    private static func response(_ result: ToolResult, callNames: [String: String], provider: String) throws -> [Part] {
        guard let name = result.name ?? callNames[result.callID] else {
            throw ProviderError(kind: .badRequest, provider: provider,
                                message: "a tool result answers call '\(result.callID)', which is not in the conversation: Gemini needs the tool's name")
        }
        let text = result.text
        let response: RequestJSON
        if result.isError {
            response = .object([("error", .string(text))])
        } else if let json = try? JSONText(text), json.object is [String: Any] {
            response = .raw(json)
        } else {
            response = .object([("output", .string(text))])
        }
        var parts: [Part] = [.encoded(.object([("functionResponse", .object([("name", .string(name)), ("response", response)]))]))]
        for case .image(let image) in result.content { parts.append(.encoded(media(image.source, name: nil))) }
        return parts
    }

    /// Bytes as `inlineData` (base64), a URL as `fileData` with the type its extension says.
    private static func media(_ source: MediaSource, name: String?) -> RequestJSON {
        switch source {
        case .bytes(let data, let mediaType):
            return .object([("inlineData", .object([("mimeType", .string(mediaType)),
                                                    ("data", .string(data.base64EncodedString()))]))])
        case .url(let url):
            var file: [(key: String, value: RequestJSON)] = [("fileUri", .string(url.absoluteString))]
            if let type = mediaType(ofExtension: url.pathExtension) { file.append(("mimeType", .string(type))) }
            return .object([("fileData", .object(file))])
        }
    }

    /// A PDF as inline data (Gemini reads PDFs natively); a text file as a text part headed by its name.
    private static func document(_ document: DocumentPart, provider: String) throws -> Part {
        if case .bytes(let data, let mediaType) = document.source, mediaType.hasPrefix("text/") {
            let heading = document.name.map { "\($0):\n" } ?? ""
            return .text(heading + String(decoding: data, as: UTF8.self))
        }
        return .encoded(media(document.source, name: document.name))
    }

    private static func mediaType(ofExtension pathExtension: String) -> String? {
        switch pathExtension.lowercased() {
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "webp": "image/webp"
        case "gif": "image/gif"
        case "heic": "image/heic"
        case "pdf": "application/pdf"
        case "txt": "text/plain"
        default: nil
        }
    }
}
