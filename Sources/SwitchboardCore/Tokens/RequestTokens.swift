import Foundation

/// What one request will send, counted one way for every front end: the workbench's context meter and its
/// automatic compaction both count the request the engine is then given, plus what a text count leaves out:
/// attachments as the adapters reserve for them, and tool definitions and a response schema, which go with every
/// request. With a model's published encoding (`TokenCounter`) the text and the chat framing are exact; without
/// one it is the offline estimate the router checks context windows with (`TokenEstimator`).
public enum RequestTokens {
    /// An image, or a document that is not text: what the Anthropic adapter reserves for one when it places
    /// cache breakpoints (its size depends on pixels or pages, which the request does not say).
    public static var perAttachment: Int { AnthropicMessages.attachmentTokens }

    /// OpenAI's chat framing (the cookbook's `num_tokens_from_messages`): 3 tokens around each message, its
    /// role encoded, and 3 that prime the reply.
    static let perMessageFraming = 3
    static let replyPriming = 3

    public static func count(_ request: TurnRequest) -> Int {
        count(request.messages, options: request.options)
    }

    /// The estimate, for any model.
    public static func count(_ messages: [ChatMessage], options: ChatOptions = .none) -> Int {
        var total = TokenEstimator.estimate(messages)
        for message in messages {
            for part in message.parts { total += attachments(in: part) * perAttachment }
        }
        return total + extras(options)
    }

    /// The count for `model` (a canonical id such as `openai/gpt-4o`, or a provider's name for it with
    /// `provider`): exact when Switchboard has the model's tokenizer and every part is text, else estimated.
    /// `/v1/messages/count_tokens` and the context meter both count this way.
    public static func count(_ messages: [ChatMessage], tools: [ToolDefinition] = [], model: String,
                             provider: String? = nil, cache: TokenCountCache? = nil) -> TokenCount {
        count(messages, options: ChatOptions(tools: tools), counter: .forModel(model, provider: provider), cache: cache)
    }

    public static func count(_ messages: [ChatMessage], options: ChatOptions = .none, counter: TokenCounter,
                             cache: TokenCountCache? = nil) -> TokenCount {
        guard case .exact(let encoding) = counter, encoding.tokenizer != nil else {
            return .estimated(count(messages, options: options))
        }
        var roles: [Role: Int] = [:]
        var total = TokenCount.exact(replyPriming)
        for message in messages {
            let role = roles[message.role] ?? counter.count(message.role.rawValue, cache: cache).tokens
            roles[message.role] = role
            total += self.message(message, role: role, counter: counter, cache: cache)
        }
        let extras = extras(options)
        return extras > 0 ? total + .estimated(extras) : total
    }

    /// One message as Chat Completions carries it: its text exact; tool calls and results, attachments and
    /// thinking that may go back estimated, since their framing on the wire is not published.
    private static func message(_ message: ChatMessage, role: Int, counter: TokenCounter,
                                cache: TokenCountCache?) -> TokenCount {
        var text = ""
        var others = TokenCount.zero
        // A tool message, or a user message holding only tool results, is sent as those results alone.
        let onlyResults = !message.parts.isEmpty && message.parts.allSatisfy { if case .toolResult = $0 { true } else { false } }
        let framed = message.role != .tool && !(onlyResults && message.role != .assistant)
        for part in message.parts {
            switch part {
            case .text(let string):
                text += string
            case .toolCall(let call):
                others += .estimated(TokenEstimator.estimate(call.name) + TokenEstimator.estimate(call.arguments))
            case .toolResult(let result):
                // Each result travels as a `tool` message of its own.
                let inner = result.content.reduce(0) { $0 + attachments(in: $1) * perAttachment }
                others += .estimated(TokenEstimator.estimate(result.text) + TokenEstimator.perMessageOverhead + inner)
            case .reasoning(let reasoning):
                // Plain Chat Completions has no field for thinking: only OpenRouter's `reasoning_details` returns it.
                if let origin = reasoning.origin, origin.wire == .openAIChat || origin.wire == .openAICompatible,
                   origin.provider != "openai" {
                    others += .estimated(TokenEstimator.estimate(reasoning.text))
                }
            case .document(let document):
                if case .bytes(let data, let mediaType) = document.source, mediaType.hasPrefix("text/") {
                    // Sent as a text part headed by its name; how parts of one message are joined is not published.
                    let heading = document.name.map { "\($0):\n" } ?? ""
                    others += .estimated(counter.count(heading + String(decoding: data, as: UTF8.self), cache: cache).tokens)
                } else {
                    others += .estimated(perAttachment)
                }
            case .image:
                others += .estimated(perAttachment)
            }
        }
        guard framed else { return others }
        return .exact(perMessageFraming + role) + counter.count(text, cache: cache) + others
    }

    /// Tool definitions and a response schema, estimated: OpenAI rewrites them into a format of its own.
    private static func extras(_ options: ChatOptions) -> Int {
        var total = 0
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
