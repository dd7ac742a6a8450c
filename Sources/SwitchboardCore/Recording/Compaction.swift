import Foundation

/// Compacting a conversation: older turns are summarised by a (cheap) model through the engine, like any turn, so
/// the summary's attempts and cost reach the ledger; the summary is stored through the `SessionStore` port and
/// sent in place of the turns it stands for from then on. The originals stay stored and shown.
public enum Compaction {
    /// What is being compacted, known before the summary is asked for.
    public struct Plan: Sendable, Hashable {
        /// The last turn the summary will stand for.
        public var throughTurn: UUID
        /// Turns summarised now (an earlier summary's are not counted again).
        public var turns: Int
        /// Estimated tokens of what the summary replaces, as it would be sent.
        public var tokensBefore: Int

        public init(throughTurn: UUID, turns: Int, tokensBefore: Int) {
            self.throughTurn = throughTurn
            self.turns = turns
            self.tokensBefore = tokensBefore
        }
    }

    /// A summary is notes, not a document: this bounds what one can cost.
    public static let maxSummaryTokens = 4_000

    static let instructions = """
        You compact a conversation between a person and an AI assistant so that it can go on without its earlier \
        turns. Write a summary that keeps what the assistant needs to continue: the person's goals, constraints and \
        preferences; decisions made and why; facts, names, numbers, file names and code that matter (code verbatim \
        when it is short); open questions; and what was being worked on last. Be specific and concise. Write notes \
        about the conversation, not a reply to the person, and add nothing that was not said.
        """

    /// The request for a summary of `messages` (the conversation as it would be sent, an earlier summary first).
    /// The conversation goes as text in one prompt, so any model can read it: attachments are named, not sent.
    public static func request(id: UUID = UUID(), summarising messages: [ChatMessage], model: ModelRef,
                               sessionID: UUID? = nil) -> TurnRequest {
        let prompt = "Summarise this conversation:\n\n" + transcript(of: messages)
        return TurnRequest(id: id, messages: [.system(instructions), .user(prompt)], model: model,
                           maxTokens: maxSummaryTokens, applyRules: false, sessionID: sessionID)
    }

    /// `messages` as plain text, one labelled block per message.
    static func transcript(of messages: [ChatMessage]) -> String {
        messages.map { message in
            let label = switch message.role {
            case .system: "[Context]"
            case .user: "[User]"
            case .assistant: "[Assistant]"
            case .tool: "[Tool result]"
            }
            var lines = [label]
            for part in message.parts {
                switch part {
                case .text(let text): lines.append(text)
                case .image: lines.append("(an image was attached)")
                case .document(let document): lines.append("(a document was attached: \(document.name ?? "unnamed"))")
                case .toolCall(let call): lines.append(call.inWords)
                case .toolResult(let result): lines.append(result.text)
                case .reasoning: continue  // thinking is not part of what was said
                }
            }
            return lines.joined(separator: "\n")
        }.joined(separator: "\n\n")
    }

    /// Runs the summary turn on `engine`. When it ends complete with text, the summary is stored (before `each`
    /// hears of the end, as `TurnRecorder` does for a turn); the compaction it made is returned, with the line to
    /// show if it could not be stored. Without a store or session nothing is written.
    public static func run(_ request: TurnRequest, plan: Plan, on engine: RoutingEngine, store: (any SessionStore)?,
                           each: (EngineEvent) async -> Void) async throws -> String? {
        var unsaved: String?
        try await engine.stream(request) { event in
            if case .finished(let summary) = event, let compaction = compaction(from: summary, plan: plan, turn: request.id),
               let store, let session = request.sessionID {
                do {
                    try await store.recordCompaction(compaction, session: session)
                } catch {
                    unsaved = "the summary could not be saved (reopening the session sends the original turns): \(error)"
                }
            }
            await each(event)
        }
        return unsaved
    }

    /// The compaction a finished summary turn made; nil when it ended incomplete or empty (nothing replaces the
    /// turns then).
    public static func compaction(from summary: TurnSummary, plan: Plan, turn: UUID, at date: Date = Date()) -> SessionCompaction? {
        let text = summary.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard summary.complete, !text.isEmpty else { return nil }
        return SessionCompaction(turn: turn, throughTurn: plan.throughTurn, summary: text, turns: plan.turns,
                                 tokensBefore: plan.tokensBefore,
                                 tokensAfter: RequestTokens.count([SessionCompaction.message(text)]),
                                 model: summary.route.model, provider: summary.route.provider, usage: summary.usage,
                                 cost: summary.cost, createdAt: date)
    }
}
