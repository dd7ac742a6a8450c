import Foundation

/// What a turn asks of the model that answers it, read from the request itself. A deployment that lacks one of
/// these cannot serve the turn: its provider rejects the request, or drops the image, tools or schema unsaid.
public enum CapabilityNeeds {
    /// Tools offered -> tools; an image anywhere in the history (a tool's result included) -> vision; a PDF
    /// -> pdf; a JSON Schema response format -> json (a JSON object needs nothing: any chat model can be asked
    /// for one); a reasoning setting other than off -> reasoning.
    public static func of(messages: [ChatMessage], options: ChatOptions) -> Set<Capability> {
        var needs = Set<Capability>()
        if !options.tools.isEmpty { needs.insert(.tools) }
        if case .jsonSchema = options.responseFormat { needs.insert(.jsonSchema) }
        switch options.reasoning {
        case .effort: needs.insert(.reasoning)
        // A zero budget is how Gemini and OpenRouter spell "off".
        case .budget(let tokens) where tokens > 0: needs.insert(.reasoning)
        case .budget, .off, nil: break
        }
        for message in messages where !message.isTextOnly {
            scan(message.parts, into: &needs)
        }
        return needs
    }

    public static func of(_ turn: TurnRequest) -> Set<Capability> {
        of(messages: turn.messages, options: turn.options)
    }

    private static func scan(_ parts: [ContentPart], into needs: inout Set<Capability>) {
        for part in parts {
            switch part {
            case .image: needs.insert(.vision)
            case .document(let document): if needsPDF(document) { needs.insert(.pdf) }
            case .toolResult(let result): scan(result.content, into: &needs)
            case .text, .toolCall, .reasoning: break
            }
        }
    }

    /// Plain text goes to every provider as text; anything else is sent as a file the model must read (a URL
    /// included, unless it names a text file).
    static func needsPDF(_ document: DocumentPart) -> Bool {
        switch document.source {
        case .bytes(_, let mediaType): !mediaType.lowercased().hasPrefix("text/")
        case .url(let url): !["txt", "md", "csv"].contains(url.pathExtension.lowercased())
        }
    }

    /// Why a request needs `capability`, in a person's words (for errors and the why-trace).
    public static func cause(of capability: Capability) -> String {
        switch capability {
        case .tools: "tools are offered"
        case .vision: "the conversation has an image"
        case .pdf: "a PDF is attached"
        case .jsonSchema: "the reply must match a JSON Schema"
        case .reasoning: "a reasoning setting is given"
        case .promptCaching: "prompt caching is required"
        }
    }
}
