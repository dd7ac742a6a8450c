import Foundation
import SwitchboardCore

/// Everything that can change the state: commands from keys, typed text, and results coming back from the
/// engine and the store. `update` folds each into the state.
public enum Action: Sendable {
    case command(Command)
    /// Printable keys, for whatever takes text now.
    case typeText(String)
    /// A bracketed paste: lands at once, newlines included.
    case paste(String)
    /// A paste that read as a file path but named no file: it goes into the draft as text after all.
    case pasteAsText(String)
    /// A file for the next message was read.
    case attachmentRead(Attachment)
    /// A file could not be attached: why, naming it.
    case attachmentFailed(String)
    case resize(Size)
    /// A click: focuses the pane under it and acts on what is there (a model, a reply).
    case mouse(MouseEvent)
    case tick(ContinuousClock.Instant)
    case engine(turn: UUID, event: EngineEvent, at: ContinuousClock.Instant)
    /// The engine could not start the turn (no route): the message says why.
    case engineError(turn: UUID, message: String)
    /// The store created the session for the first message.
    case sessionCreated(local: UUID, storedID: String)
    case sessionsLoaded(generation: Int, [SessionSummary])
    case sessionLoaded(LoadedSession)
    case sessionRenamed(id: String, title: String)
    case sessionDeleted(id: String)
    case sessionExported(path: String)
    case spendLoaded(SpendSnapshot)
    /// `serve`'s traffic today changed (another process wrote it): the sidebar's Gateway section.
    case gatewayLoaded(GatewayActivity)
    case modelStatsLoaded([String: ModelStatsSnapshot])
    /// A stored route decision arrived (nil: none was recorded for the turn).
    case routeLoaded(turn: UUID, RouteExplanation?)
    case healthLoaded([HealthSnapshot], at: ContinuousClock.Instant)
    /// The session's tree as stored now (read after a turn, to know each message's versions).
    case treeLoaded(LoadedSession)
    case storeFailed(String)
    /// The tool loop of `turn` (its first step's id) moved on: a step, a call to approve, a result, its end.
    case tool(turn: UUID, ToolUpdate)
    /// The configured tools as listed for `/tools` (servers started if they were not), and those that failed.
    case toolsListed([ProvidedTool], problems: [String])
}

/// Work `update` asks for: run by the effect runner, never by `update` itself.
public enum Effect: Sendable {
    /// Commit the user's message (creating the session on the first one) before its turn starts; `attachments`
    /// are its files, stored with it.
    case persistUserMessage(session: SessionRef, turn: UUID, text: String, model: String, task: String?,
                            attachments: [ContentPart] = [])
    /// Stream one answer to the prompt committed under `promptTurn` (this turn's id, or the first column's in a
    /// comparison).
    case startTurn(session: SessionRef, TurnRequest, promptTurn: UUID)
    /// `startTurn` offering the configured tools and running the tool loop (a single reply, tools configured).
    case startToolTurn(session: SessionRef, TurnRequest, promptTurn: UUID)
    /// Stream the summary of older turns (`/compact`) and store it with the session once it is complete.
    case startCompaction(session: SessionRef, TurnRequest, plan: Compaction.Plan)
    case cancelTurn(UUID)
    /// Commit an edited prompt as a sibling of `siblingOf` (a new branch from there) before its turn starts.
    case persistEditedPrompt(session: SessionRef, turn: UUID, text: String, model: String, task: String?,
                             attachments: [ContentPart], siblingOf: MessageID)
    /// Stream another answer to the prompt committed under `promptTurn` (`r`, `/regen`): once its reply is
    /// opened it is the session's head, so it and not the older version is continued.
    case startRegeneration(session: SessionRef, TurnRequest, promptTurn: UUID)
    /// The conversation continues from `message` (a branch moved to).
    case moveHead(session: String, to: MessageID)
    /// The answers about to be opened for `prompt` are compare columns awaiting a pick (`/regen` with several
    /// models); the prompt's earlier replies stay versions, not columns, when the session is reopened.
    case openColumns(session: String, answering: MessageID)
    /// Read the session's tree again (`treeLoaded`).
    case loadTree(String)
    /// Read a file to attach to the next message (`/attach PATH`). `pasted` is the text of a paste that looked
    /// like a path: when no file is there, it goes back into the draft as text.
    case readAttachment(path: String, pasted: String?)
    case loadRoute(turn: UUID)
    /// Keep the session's role and its system prompt (`/role`); nil clears both.
    case persistRole(session: SessionRef, SessionRole?)
    /// The compared answer of `turn` was picked: the conversation continues from it.
    case chooseReply(turn: UUID)
    case listSessions(generation: Int)
    case searchSessions(String, generation: Int)
    case loadSession(String)
    case renameSession(String, title: String)
    case deleteSession(String)
    case exportSession(String, fileName: String)
    case refreshSpend
    case refreshModelStats
    /// Ask the engine for its per-deployment health.
    case refreshHealth
    case copyToClipboard(String)
    /// The person's answer to a call waiting in loop `loop` (y, a, n): given at once, not behind the store.
    case answerTool(loop: UUID, request: UUID, ToolDecision)
    /// List the configured tools for `/tools` (`toolsListed`).
    case listTools
    /// The tools turned off in `/tools`: later turns do not offer them.
    case setToolsOff(Set<String>)
    /// Repaint every cell (Ctrl-L).
    case repaint
    case quit
}

/// Which session a message belongs to: a local id from the start, and the store's id once it exists.
public struct SessionRef: Equatable, Sendable {
    public var local: UUID
    public var stored: String?

    public init(local: UUID = UUID(), stored: String? = nil) {
        self.local = local
        self.stored = stored
    }
}
