import Foundation

/// What one request will send, counted one way for every front end: the workbench's context meter and its
/// automatic compaction both count the request the engine is then given, with the same offline estimate the
/// router checks context windows with (`TokenEstimator`), plus what that estimate leaves out: attachments as the
/// adapters reserve for them, and tool definitions and a response schema, which go with every request.
public enum RequestTokens {
    /// An image, or a document that is not text: what the Anthropic adapter reserves for one when it places
    /// cache breakpoints (its size depends on pixels or pages, which the request does not say).
    public static var perAttachment: Int { AnthropicMessages.attachmentTokens }

    public static func count(_ request: TurnRequest) -> Int {
        count(request.messages, options: request.options)
    }

    public static func count(_ messages: [ChatMessage], options: ChatOptions = .none) -> Int {
        var total = TokenEstimator.estimate(messages)
        for message in messages {
            for part in message.parts { total += attachments(in: part) * perAttachment }
        }
        for tool in options.tools {
            total += TokenEstimator.estimate(tool.name) + TokenEstimator.estimate(tool.description ?? "")
                + TokenEstimator.estimate(tool.parameters.text)
        }
        if case .jsonSchema(_, let schema, _) = options.responseFormat { total += TokenEstimator.estimate(schema.text) }
        return total
    }

    /// Attachments the text estimate counts as nothing (text documents are counted by their bytes there).
    private static func attachments(in part: ContentPart) -> Int {
        switch part {
        case .image: 1
        case .document(let document):
            if case .bytes(_, let mediaType) = document.source, mediaType.hasPrefix("text/") { 0 } else { 1 }
        case .toolResult(let result): result.content.reduce(0) { $0 + attachments(in: $1) }
        case .text, .toolCall, .reasoning: 0
        }
    }
}
