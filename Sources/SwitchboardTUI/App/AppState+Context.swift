import Foundation
import SwitchboardCore

/// The next request as the engine will get it, for the turn itself, the context meter and automatic compaction
/// alike: one place decides what is sent, so the meter counts exactly that.
extension AppState {
    /// The conversation before the next prompt: a summary in place of the compacted turns, then the turns after.
    public var conversationToSend: [ChatMessage] { conversation(skipping: []) }

    /// The conversation to send without the entries in `skipped`.
    func conversation(skipping skipped: Set<Int>) -> [ChatMessage] {
        // The role's (or the stored session's) system prompt goes first in every request.
        guard let summary = context.summary, let through = summaryEntry else {
            return role.systemMessages + transcript.chatMessages(after: nil, skipping: skipped)
        }
        return role.systemMessages + [summary.message] + transcript.chatMessages(after: through, skipping: skipped)
    }

    /// The reply the summary ends with, when it is in the transcript.
    var summaryEntry: Int? {
        guard let turn = context.summary?.throughTurn else { return nil }
        return transcript.entries.last { $0.reply?.turnID == turn }?.id
    }

    /// The options every workbench turn goes with.
    public var turnOptions: ChatOptions { ChatOptions(reasoning: reasoning) }

    /// The prompt the draft (with its attached files) becomes when sent, in the shape the transcript sends it;
    /// nil when there is nothing to send or the line is a workbench command.
    var draftMessage: ChatMessage? {
        let text = input.text
        let blank = text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        guard !blank || !attachments.isEmpty, SlashCommand(parsing: text) == nil else { return nil }
        let prompt = blank ? "" : text.hasPrefix("//") ? String(text.dropFirst()) : text
        let entry = TranscriptEntry(id: ContextState.noEntry, kind: .user, text: prompt, firstCodeBlock: 0,
                                    attachments: attachments)
        return Transcript.chatMessage(entry)
    }

    /// Tokens the next request sends, counted as `RequestTokens` counts the request the engine is given: the
    /// conversation as sent (after any compaction), the draft and its files, the options. Exact for a model whose
    /// tokenizer is bundled, else estimated; each text is tokenised once (`tokenCache`), not once per frame.
    ///
    /// Counted again only when what is sent changes (`ContextMeterMemo`): a frame that changes nothing costs a
    /// comparison. A reply still streaming is estimated (marked `~`) and counted exactly once it ends, so a growing
    /// reply is not tokenised again at every frame.
    public var nextRequestCount: TokenCount {
        let streaming = Set(turns.map(\.entryID))
        let key = ContextMeterMemo.Key(revision: transcript.sentRevision, streaming: streaming, model: model,
                                       systemPrompt: role.systemPrompt, summary: context.summary, reasoning: reasoning)
        let (options, counter) = (turnOptions, tokenCounter)
        let conversation = meterMemo.count(for: key) {
            RequestTokens.count(self.conversation(skipping: streaming), options: options, counter: counter, cache: tokenCache)
        }
        var total = conversation
        if let draft = draftMessage {
            // The draft's own share: a request of it alone, less what any request has (the reply's priming and
            // the options), which the conversation's count already holds.
            let alone = RequestTokens.count([draft], options: options, counter: counter, cache: tokenCache)
            let empty = RequestTokens.count([], options: options, counter: counter, cache: tokenCache)
            total += TokenCount(tokens: alone.tokens - empty.tokens, isExact: alone.isExact && empty.isExact)
        }
        // Compared answers still streaming are not sent until one is picked: only conversation entries count.
        let streamed = streaming.compactMap { id in transcript.index(of: id).flatMap { Transcript.chatMessage(transcript.entries[$0]) } }
        return streamed.isEmpty ? total : total + .estimated(TokenEstimator.estimate(streamed))
    }

    public var nextRequestTokens: Int { nextRequestCount.tokens }

    /// How the current model's text is counted. A named route counts exactly only when all its models share an
    /// encoding; `auto` is estimated (the router has not picked yet).
    var tokenCounter: TokenCounter {
        guard let entry = currentEntry else { return .forModel(model) }
        if case .namedRoute(let models) = entry.kind {
            let counters = Set(models.map { TokenCounter.forModel($0) })
            return counters.count == 1 ? counters.first ?? .estimate : .estimate
        }
        guard let id = entry.modelID else { return .estimate }
        return .forModel(id, provider: entry.providers.count == 1 ? entry.providers.first : nil)
    }
}
