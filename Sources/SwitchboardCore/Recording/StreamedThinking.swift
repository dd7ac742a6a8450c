/// The thinking a turn streamed, kept by `TurnRecorder` so a reply that fails, is cancelled or is continued by
/// another candidate keeps the thinking the person saw, not only its text. The engine's summary carries the
/// answering attempt's blocks with their signatures; what is kept here is the rest: plain text without origin,
/// so it is never sent back to a provider as that provider's own thinking.
struct StreamedThinking: Sendable {
    /// Thinking of attempts that broke off (a later candidate carried on, or the turn failed).
    private var earlier: [String] = []
    /// Thinking of the attempt streaming now.
    private var current = ""

    /// How much has streamed (UTF-8 bytes): a checkpoint is due when it grew.
    private(set) var length = 0

    var isEmpty: Bool { length == 0 }

    mutating func add(_ text: String) {
        current += text
        length += text.utf8.count
    }

    /// The attempt that was streaming failed; whatever comes next is another attempt's.
    mutating func attemptFailed() {
        guard !current.isEmpty else { return }
        earlier.append(current)
        current = ""
    }

    /// A reply that ended without a summary (failed, or the stream broke off): all the thinking, then the text.
    func reply(text: String) -> ChatMessage {
        let blocks = (earlier + [current]).filter { !$0.isEmpty }
        return ChatMessage(role: .assistant, parts: blocks.map { .reasoning(ReasoningPart(text: $0)) } + [.text(text)])
    }

    /// A reply the engine summed up: the thinking of attempts that broke off before it, then the summary's own parts.
    func reply(_ summary: TurnSummary) -> ChatMessage {
        var message = summary.message
        var blocks = earlier.filter { !$0.isEmpty }
        // The answering attempt's thinking, should the summary not carry it.
        if summary.reasoning.isEmpty, !current.isEmpty { blocks.append(current) }
        message.parts = blocks.map { .reasoning(ReasoningPart(text: $0)) } + message.parts
        return message
    }
}
