import Foundation

/// Where conversations are kept: what every front end (the workbench, `ask`, `compare`, later `serve`) needs
/// from the history, in neutral records. The SQLite store implements it; tests use an in-memory one.
///
/// Sessions are named by a reference: a full id, a unique prefix of one, or `last`. Turns are named by their
/// id; the store finds a turn's prompt and reply through its own records, so callers keep no map of them.
/// Every method may suspend; none blocks the caller's thread while the database is busy.
public protocol SessionStore: Sendable {
    // MARK: Sessions

    /// The most recently active sessions, newest first.
    func recentSessions(limit: Int) async throws -> [SessionSummary]
    /// Sessions whose messages match `query` (full text), best first, each with its best snippet.
    func searchSessions(_ query: String, limit: Int) async throws -> [SessionSummary]
    /// The session a reference names; throws when none or several match.
    func resolveSession(_ reference: String) async throws -> UUID
    /// The conversation along the picked answers, with the compared answers that await a pick.
    func loadSession(_ reference: String) async throws -> LoadedSession
    /// Every message of the session with the attempts and route decision behind each reply (`history show`).
    func sessionDetail(_ reference: String) async throws -> SessionDetail
    /// Messages matching `query` (full text), best first, each with its snippet (`history search`).
    func searchMessages(_ query: String, limit: Int) async throws -> [SearchHit]
    /// What to send when the conversation continues: the system prompt and the picked branch.
    func conversation(in session: UUID) async throws -> [ChatMessage]
    func createSession(_ new: NewSession) async throws -> UUID
    func renameSession(_ reference: String, title: String) async throws
    func deleteSession(_ reference: String) async throws
    func exportMarkdown(_ reference: String) async throws -> String
    /// Keeps the model (as the person named it, or as it answered) the session continues with.
    func setSessionModel(_ session: UUID, model: String?) async throws
    /// Keeps the task tag the routing rules see for the session's next turns.
    func setSessionTask(_ session: UUID, task: String?) async throws
    /// Keeps the role the session uses and its system prompt, sent with every later turn; nil clears both.
    func setSessionRole(_ session: UUID, role: SessionRole?) async throws

    // MARK: Turns (written by `TurnRecorder`)

    /// Commits the person's message of `turn`; returns when it is durable, before the request leaves.
    func commitPrompt(session: UUID, turn: UUID, text: String) async throws
    /// The same for a prompt with parts (attachments) or a `tool` message answering the last reply's calls; several
    /// may be committed under one turn (parallel tool results), the reply answers the last.
    func commitPrompt(session: UUID, turn: UUID, message: ChatMessage) async throws
    /// Opens the reply of `turn`, empty and incomplete, answering the prompt committed under `promptTurn` (the
    /// same turn, except for compared answers, which all answer one prompt).
    func openReply(session: UUID, turn: UUID, promptTurn: UUID, requestedModel: String) async throws
    /// The streamed text so far, so a crash loses at most the last fraction of a second.
    func checkpointReply(turn: UUID, text: String) async throws
    /// How the reply ended. Attempts reach the store through the engine's `Ledger`.
    func finishReply(turn: UUID, _ completion: AssistantCompletion) async throws
    /// Begins a turn at once (`TurnOpening`): its new prompts in order, its empty reply, its gateway key and
    /// tags. A store that can does it in one transaction, all or nothing; the default makes the separate calls.
    func beginTurn(_ opening: TurnOpening) async throws
    /// Ends a turn at once (`TurnFinish`): how the reply ended and, when asked, the session's model. Throws when
    /// the reply was not saved; returns why the model was not kept when only that failed (the reply is saved).
    @discardableResult
    func finishTurn(_ finish: TurnFinish) async throws -> (any Error)?
    /// Why the router chose what it chose, kept with the turn.
    func recordRoute(turn: UUID, decision: RouteDecision) async throws
    /// The stored decision of a turn; nil when none was recorded.
    func routeExplanation(turn: UUID) async throws -> RouteExplanation?
    /// The person picked this turn's answer among compared ones: the conversation continues from it.
    func chooseReply(turn: UUID) async throws
    /// Keeps a summary of older turns (`/compact`): from now on it is sent in place of the turns up to
    /// `compaction.throughTurn` on that branch (`conversation(in:)`, `loadSession`). The originals stay.
    func recordCompaction(_ compaction: SessionCompaction, session: UUID) async throws

    // MARK: Branches

    /// Stores `message` under `turn` as another version of the prompt `sibling` (the same parent: an edited
    /// prompt) and makes it the head, so its reply and what follows continue from it. The older version stays.
    func branchPrompt(session: UUID, turn: UUID, message: ChatMessage, siblingOf sibling: MessageID) async throws
    /// Makes `message`, one of the session's, the head: the conversation continues from it (a branch moved to).
    func moveHead(session: UUID, to message: MessageID) async throws
    /// The replies opened next for `prompt` (one of the session's) are compared columns awaiting a pick
    /// (`/regen` with several models): the conversation stops at the prompt until one is picked, and the prompt's
    /// earlier replies stay versions beside them, not columns, in `loadSession` too.
    func openColumns(session: UUID, answering prompt: MessageID) async throws

    // MARK: Figures

    /// Spend today and this month (local calendar days of `calendar`), from every stored attempt.
    func spend(now: Date, calendar: Calendar) async throws -> SpendSnapshot
    /// Per model since `since`: requests and error rate summed over providers, the p50 TTFT of its main provider.
    func modelStats(since: Date) async throws -> [String: ModelStatsSnapshot]
    /// Spend since `since` (all time when nil) grouped one way (`spend`).
    func spendReport(by grouping: SpendReport.Grouping, since: Date?, calendar: Calendar) async throws -> SpendReport
    /// Requests, errors, latency percentiles and speed per model and provider since `since` (`stats`).
    func modelStatsReport(since: Date?) async throws -> [ModelStats]

    // MARK: Failures

    /// True when `error`, thrown by this store, says its file is damaged: nothing more should be written to it.
    func isDamage(_ error: any Error) -> Bool
}

/// A session to create: titled from its first prompt.
public struct NewSession: Sendable, Hashable {
    public var id: UUID
    public var firstPrompt: String
    public var model: String?
    public var systemPrompt: String?
    public var task: String?
    /// The role's name; its prompt goes in `systemPrompt`.
    public var role: String?

    public init(id: UUID = RandomUUID.make(), firstPrompt: String, model: String?, systemPrompt: String? = nil, task: String? = nil,
                role: String? = nil) {
        self.id = id
        self.firstPrompt = firstPrompt
        self.model = model
        self.systemPrompt = systemPrompt
        self.task = task
        self.role = role
    }
}
