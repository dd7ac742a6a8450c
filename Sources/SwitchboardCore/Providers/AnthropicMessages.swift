import Foundation

/// Neutral history in the Messages API's shape: the system prompt apart, then user and assistant turns of
/// content blocks. Anthropic has no tool role, so tool results ride in a user turn (first in it, as the API
/// requires) and consecutive same-role messages merge into one turn.
enum AnthropicMessages {
    /// One block's members; `cache_control` is added to the chosen blocks before they are written.
    typealias Block = [(key: String, value: RequestJSON)]

    struct Turn {
        var role: Role
        /// Tool results: sent ahead of everything else in a user turn.
        var results: [Block] = []
        var blocks: [Block] = []
        /// A rough token count, to decide whether the prefix is long enough to be worth caching.
        var estimatedTokens = 0
        /// Every block is text: the content is sent as a plain string (the bytes Anthropic has always been sent).
        var textOnly: Bool { results.isEmpty && blocks.allSatisfy { Self.isText($0) } }

        var all: [Block] { results + blocks }

        static func isText(_ block: Block) -> Bool {
            block.first { $0.key == "type" }.map { if case .string("text") = $0.value { true } else { false } } ?? false
        }
    }

    struct Encoded {
        var system: [String]
        var turns: [Turn]
        /// Thinking blocks left out because Anthropic would reject them: another vendor's, or unsigned.
        var droppedReasoning: [DroppedReasoning]
    }

    struct DroppedReasoning: Equatable {
        /// Who wrote it (`openrouter`, `deepseek`), or nil when the history does not say.
        var provider: String?
        /// True when it came from Anthropic but without the signature the API needs back.
        var unsigned: Bool
    }

    /// What an image or a document counts for the caching threshold (a large image is about 1,600 tokens).
    static let attachmentTokens = 1_600

    /// `toolsDefined` false: the request offers no tools, so calls and results go as text (`AnthropicToolText`).
    static func encode(_ messages: [ChatMessage], provider: String, toolsDefined: Bool = true) throws -> Encoded {
        var encoded = Encoded(system: [], turns: [], droppedReasoning: [])
        let toolNames = toolsDefined ? [:] : AnthropicToolText.names(in: messages)
        for message in messages {
            if message.role == .system {
                let text = message.text
                if !text.isEmpty { encoded.system.append(text) }
                continue
            }
            var turn = Turn(role: message.role == .assistant ? .assistant : .user)
            var text = ""
            for part in message.parts {
                // Text parts of one message join into one block, as the plain-string form always sent them.
                if case .text(let piece) = part {
                    text += piece
                    continue
                }
                flush(&text, into: &turn)
                if !toolsDefined, let words = try toolText(part, names: toolNames, provider: provider) {
                    turn.blocks += words.blocks
                    turn.estimatedTokens += words.tokens
                    continue
                }
                try add(part, to: &turn, dropped: &encoded.droppedReasoning, provider: provider)
            }
            flush(&text, into: &turn)
            guard !turn.all.isEmpty else { continue }
            if let last = encoded.turns.last, last.role == turn.role {
                encoded.turns[encoded.turns.count - 1].results += turn.results
                encoded.turns[encoded.turns.count - 1].blocks += turn.blocks
                encoded.turns[encoded.turns.count - 1].estimatedTokens += turn.estimatedTokens
            } else {
                encoded.turns.append(turn)
            }
        }
        // Both Anthropic and Gemini require the first turn to be the user's; the assistant's words are kept.
        if encoded.turns.first?.role == .assistant {
            var opener = Turn(role: .user)
            opener.blocks = [text(ConversationTurns.leadingUserPlaceholder)]
            encoded.turns.insert(opener, at: 0)
        }
        return encoded
    }

    /// The turn's content: a string when every block is text (joined as merged turns always were), else blocks.
    static func content(_ turn: Turn, cacheLast: Bool) -> RequestJSON {
        if turn.textOnly && !cacheLast {
            var joined: [String] = []
            for block in turn.blocks {
                for member in block where member.key == "text" { if case .string(let value) = member.value { joined.append(value) } }
            }
            return .string(joined.joined(separator: "\n\n"))
        }
        var blocks = turn.all
        if cacheLast, let index = blocks.lastIndex(where: canCache) { blocks[index].append(AnthropicCaching.marker) }
        return .array(blocks.map { RequestJSON.object($0) })
    }

    /// Thinking blocks cannot carry a cache breakpoint.
    static func canCache(_ block: Block) -> Bool {
        !block.contains { member in
            guard member.key == "type", case .string(let type) = member.value else { return false }
            return type == "thinking" || type == "redacted_thinking"
        }
    }

    private static func flush(_ text: inout String, into turn: inout Turn) {
        // The API rejects empty text blocks.
        guard !text.isEmpty else { return }
        turn.blocks.append(Self.text(text))
        turn.estimatedTokens += TokenEstimator.estimate(text)
        text = ""
    }

    static func text(_ text: String) -> Block {
        [("type", .string("text")), ("text", .string(text))]
    }

    /// A call or a result as text blocks (a result's images and documents follow its words); nil for other parts.
    private static func toolText(_ part: ContentPart, names: [String: String],
                                 provider: String) throws -> (blocks: [Block], tokens: Int)? {
        switch part {
        case .toolCall(let call):
            let words = AnthropicToolText.call(call)
            return ([text(words)], TokenEstimator.estimate(words))
        case .toolResult(let result):
            let words = AnthropicToolText.result(result, names: names)
            var blocks = [text(words)]
            var tokens = TokenEstimator.estimate(words)
            for item in result.content {
                switch item {
                case .image(let image): blocks.append(self.image(image)); tokens += attachmentTokens
                case .document(let document):
                    blocks.append(try self.document(document, provider: provider)); tokens += attachmentTokens
                default: continue
                }
            }
            return (blocks, tokens)
        default:
            return nil
        }
    }

    private static func add(_ part: ContentPart, to turn: inout Turn, dropped: inout [DroppedReasoning],
                            provider: String) throws {
        switch part {
        case .text(let text):
            if !text.isEmpty { turn.blocks.append(Self.text(text)) }
        case .image(let image):
            turn.blocks.append(self.image(image))
            turn.estimatedTokens += attachmentTokens
        case .document(let document):
            turn.blocks.append(try self.document(document, provider: provider))
            turn.estimatedTokens += attachmentTokens
        case .toolCall(let call):
            turn.blocks.append(try toolUse(call, provider: provider))
            turn.estimatedTokens += TokenEstimator.estimate(call.arguments) + TokenEstimator.estimate(call.name)
        case .toolResult(let result):
            turn.results.append(try toolResult(result, provider: provider))
            turn.estimatedTokens += TokenEstimator.estimate(result.text)
        case .reasoning(let reasoning):
            if let block = thinking(reasoning) {
                turn.blocks.append(block)
                turn.estimatedTokens += TokenEstimator.estimate(reasoning.text)
            } else {
                let fromAnthropic = reasoning.origin?.wire == .anthropic
                dropped.append(DroppedReasoning(provider: reasoning.origin?.provider, unsigned: fromAnthropic))
            }
        }
    }

    /// With thinking on, the API refuses a request whose last assistant message made tool calls without
    /// starting with a thinking block: the case when another vendor (or Anthropic without thinking) made the
    /// calls this turn answers. Thinking is then not asked for, as the API's own error advises.
    static func continuesToolCallWithoutThinking(_ messages: [ChatMessage]) -> Bool {
        guard let last = messages.last(where: { $0.role == .assistant }), !last.toolCalls.isEmpty else { return false }
        guard case .reasoning(let first)? = last.parts.first else { return true }
        return thinking(first) == nil
    }

    /// Anthropic's own thinking goes back unchanged, signature and redacted data included (the API checks them).
    /// Any other vendor's thinking, or an Anthropic block that lost its signature (a broken stream), is dropped:
    /// the API would reject it, and sent as text it would put another model's private reasoning into this
    /// model's mouth.
    static func thinking(_ part: ReasoningPart) -> Block? {
        guard part.origin?.wire == .anthropic else { return nil }
        if let data = part.redactedData {
            return [("type", .string("redacted_thinking")), ("data", .string(data))]
        }
        guard let signature = part.signature, !signature.isEmpty else { return nil }
        return [("type", .string("thinking")), ("thinking", .string(part.text)), ("signature", .string(signature))]
    }

    private static func image(_ image: ImagePart) -> Block {
        [("type", .string("image")), ("source", source(image.source))]
    }

    private static func source(_ source: MediaSource) -> RequestJSON {
        switch source {
        case .bytes(let data, let mediaType):
            .object([("type", .string("base64")), ("media_type", .string(mediaType)),
                     ("data", .string(data.base64EncodedString()))])
        case .url(let url):
            .object([("type", .string("url")), ("url", .string(url.absoluteString))])
        }
    }

    /// A PDF as base64 (or a URL the API fetches); any `text/*` file as a plain-text source, the only text type
    /// the API takes. The file name becomes the document's title.
    private static func document(_ document: DocumentPart, provider: String) throws -> Block {
        let source: RequestJSON
        switch document.source {
        case .url:
            source = self.source(document.source)
        case .bytes(let data, let mediaType):
            if mediaType.hasPrefix("text/") {
                source = .object([("type", .string("text")), ("media_type", .string("text/plain")),
                                  ("data", .string(String(decoding: data, as: UTF8.self)))])
            } else if mediaType == "application/pdf" {
                source = self.source(document.source)
            } else {
                throw ProviderError(kind: .badRequest, provider: provider,
                                    message: "Anthropic takes PDF and plain-text documents, not \(mediaType)")
            }
        }
        var block: Block = [("type", .string("document")), ("source", source)]
        if let name = document.name, !name.isEmpty { block.append(("title", .string(name))) }
        return block
    }

    /// `input` is the arguments as a JSON object, written as the model wrote them.
    private static func toolUse(_ call: ToolCall, provider: String) throws -> Block {
        let trimmed = call.arguments.trimmingCharacters(in: .whitespacesAndNewlines)
        let input: RequestJSON
        if trimmed.isEmpty {
            input = .object([])
        } else if let json = try? JSONText(trimmed), json.object is [String: Any] {
            input = .raw(json)
        } else {
            throw ProviderError(kind: .badRequest, provider: provider,
                                message: "tool call \(call.id) (\(call.name)) has arguments that are not a JSON object; "
                                    + "Anthropic needs one")
        }
        return [("type", .string("tool_use")), ("id", .string(toolID(call.id))), ("name", .string(call.name)),
                ("input", input)]
    }

    private static func toolResult(_ result: ToolResult, provider: String) throws -> Block {
        var block: Block = [("type", .string("tool_result")), ("tool_use_id", .string(toolID(result.callID)))]
        if result.content.allSatisfy({ if case .text = $0 { true } else { false } }) {
            let text = result.text
            if !text.isEmpty { block.append(("content", .string(text))) }
        } else {
            var items: [RequestJSON] = []
            for part in result.content {
                switch part {
                case .text(let text) where !text.isEmpty: items.append(.object(Self.text(text)))
                case .image(let image): items.append(.object(self.image(image)))
                case .document(let document): items.append(.object(try self.document(document, provider: provider)))
                default: continue
                }
            }
            block.append(("content", .array(items)))
        }
        if result.isError { block.append(("is_error", .bool(true))) }
        return block
    }

    /// Anthropic's ids must match `^[a-zA-Z0-9_-]+$`; another vendor's id is kept where it already does and
    /// otherwise has each other character replaced, the same way in the call and its result so they still pair.
    static func toolID(_ id: String) -> String {
        guard !id.isEmpty else { return "call" }
        guard id.utf8.contains(where: { !isIDByte($0) }) else { return id }
        return String(decoding: id.utf8.map { isIDByte($0) ? $0 : UInt8(ascii: "_") }, as: UTF8.self)
    }

    private static func isIDByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"): true
        default: false
        }
    }
}
