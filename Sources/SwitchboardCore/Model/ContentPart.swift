import Foundation

/// One piece of a message's content.
///
/// Codable is Swift's synthesized enum coding, so the text messages already stored or exported
/// (`{"text":{"_0":"…"}}`) decode unchanged; new cases add new keys beside it.
public enum ContentPart: Sendable, Hashable, Codable {
    case text(String)
    case image(ImagePart)
    case document(DocumentPart)
    /// A call the assistant asked for; only in assistant messages.
    case toolCall(ToolCall)
    /// What a tool returned; only in `tool` messages.
    case toolResult(ToolResult)
    /// The model's thinking, kept so it can be sent back to the provider that produced it.
    case reasoning(ReasoningPart)
}

/// Where an attachment's bytes are: inline, or at a URL the provider fetches itself.
public enum MediaSource: Sendable, Hashable, Codable {
    case bytes(Data, mediaType: String)
    case url(URL)

    /// `image/png`, `application/pdf`…; nil for a URL (the provider reads it from the response).
    public var mediaType: String? {
        if case .bytes(_, let mediaType) = self { mediaType } else { nil }
    }

    /// A `data:` URL for inline bytes (OpenAI's `image_url`), or the URL itself.
    public var urlString: String {
        switch self {
        case .bytes(let data, let mediaType): "data:\(mediaType);base64,\(data.base64EncodedString())"
        case .url(let url): url.absoluteString
        }
    }
}

public struct ImagePart: Sendable, Hashable, Codable {
    public var source: MediaSource

    public init(_ source: MediaSource) { self.source = source }
    public init(data: Data, mediaType: String) { self.source = .bytes(data, mediaType: mediaType) }
    public init(url: URL) { self.source = .url(url) }
}

/// A PDF or plain-text file attached to a message.
public struct DocumentPart: Sendable, Hashable, Codable {
    public var source: MediaSource
    /// The file name, for providers that show or want one.
    public var name: String?

    public init(_ source: MediaSource, name: String? = nil) {
        self.source = source
        self.name = name
    }

    public init(data: Data, mediaType: String, name: String? = nil) {
        self.init(.bytes(data, mediaType: mediaType), name: name)
    }
}

/// A tool call the model made.
public struct ToolCall: Sendable, Hashable, Codable {
    /// The provider's call id; a tool result answers it by this id.
    public var id: String
    public var name: String
    /// The arguments as the model wrote them: JSON object text, kept raw (a model may write invalid JSON, and
    /// reformatting would change what is sent back).
    public var arguments: String
    /// Opaque data the provider needs back with the call (Gemini's `thoughtSignature`); nil for most.
    public var signature: String?

    public init(id: String, name: String, arguments: String, signature: String? = nil) {
        self.id = id
        self.name = name
        self.arguments = arguments
        self.signature = signature
    }
}

/// A tool's answer to one call.
public struct ToolResult: Sendable, Hashable, Codable {
    public var callID: String
    /// Text, or text and images for providers that take them.
    public var content: [ContentPart]
    public var isError: Bool
    /// The called tool's name: Gemini's `functionResponse` needs it, and it saves looking the call up.
    public var name: String?
    /// How the tool loop answered the call (server, decision, how long it ran), stored with the result so a
    /// resumed session shows the call as it went. Never sent to a provider; nil for results from elsewhere.
    public var run: ToolRun?

    public init(callID: String, content: [ContentPart], isError: Bool = false, name: String? = nil) {
        self.callID = callID
        self.content = content
        self.isError = isError
        self.name = name
    }

    public init(callID: String, text: String, isError: Bool = false, name: String? = nil) {
        self.init(callID: callID, content: [.text(text)], isError: isError, name: name)
    }

    /// The text parts joined: what a text-only tool message carries.
    public var text: String {
        var joined = ""
        for case .text(let string) in content { joined += string }
        return joined
    }
}

/// A block of the model's thinking.
public struct ReasoningPart: Sendable, Hashable, Codable {
    /// The thinking (or the provider's summary of it); empty for a redacted block.
    public var text: String
    /// What the provider needs back to accept this block again: Anthropic's `signature`, Gemini's
    /// `thoughtSignature`, OpenAI's `encrypted_content`.
    public var signature: String?
    /// For a redacted block (Anthropic `redacted_thinking`): the encrypted data, sent back unchanged.
    public var redactedData: String?
    /// Which wire and provider wrote it: only that one accepts it back; another vendor gets it dropped or as text.
    public var origin: ReasoningOrigin?

    public init(text: String, signature: String? = nil, redactedData: String? = nil, origin: ReasoningOrigin? = nil) {
        self.text = text
        self.signature = signature
        self.redactedData = redactedData
        self.origin = origin
    }

    public var redacted: Bool { redactedData != nil }
}

public struct ReasoningOrigin: Sendable, Hashable, Codable {
    public var wire: WireProtocol
    /// The configured provider's name (`anthropic`, `openrouter`).
    public var provider: String
    /// The provider's model id, since signatures may be tied to it.
    public var model: String?

    public init(wire: WireProtocol, provider: String, model: String? = nil) {
        self.wire = wire
        self.provider = provider
        self.model = model
    }
}
