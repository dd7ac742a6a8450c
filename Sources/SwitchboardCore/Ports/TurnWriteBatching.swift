import Foundation

/// One write a turn makes behind its answer (`TurnWrites`), as data: a store that can (`TurnWriteBatching`)
/// makes several in one transaction; any store makes each through its ports (`make(on:)`).
public enum TurnWrite: Sendable {
    /// `serve`'s placement of the turn in its conversation's session, and the turn's begin in it.
    case gatewayBegin(GatewayBegin)
    case route(turn: UUID, decision: RouteDecision)
    /// The reply's text so far; its thinking too where `parts` is given (`ReplyPartsCheckpointing`).
    case checkpoint(turn: UUID, text: String, parts: [ContentPart]?)
    case attemptBegun(AttemptRecord)
    case attemptEnded(AttemptRecord)
    case settle(hold: Int64, actual: Money?)
    case finish(TurnFinish)

    /// What the write records, for a failure's message.
    public var what: String {
        switch self {
        case .gatewayBegin: "the request's prompts"
        case .route: "the route decision"
        case .checkpoint: "a checkpoint of the reply"
        case .attemptBegun(let attempt): "the start of attempt \(attempt.ordinal)"
        case .attemptEnded(let attempt): "the end of attempt \(attempt.ordinal)"
        case .settle(let hold, _): "the release of budget hold \(hold)"
        case .finish: "the reply's end"
        }
    }

    /// Makes the write alone, through the store's ports. Returns the session a `.gatewayBegin` placed its turn in.
    @discardableResult
    public func make(on store: any TurnWriteStore) async throws -> UUID? {
        switch self {
        case .gatewayBegin(let begin):
            return try await store.gatewaySession(key: begin.key, conversation: begin.conversation, new: begin.new,
                                                  title: begin.title, beginning: begin.opening).session
        case .route(let turn, let decision):
            try await store.recordRoute(turn: turn, decision: decision)
        case .checkpoint(let turn, let text, let parts):
            if let parts, let partsStore = store as? any ReplyPartsCheckpointing {
                try await partsStore.checkpointReply(turn: turn, text: text, parts: parts)
            } else {
                try await store.checkpointReply(turn: turn, text: text)
            }
        case .attemptBegun(let attempt):
            try await store.begin(attempt)
        case .attemptEnded(let attempt):
            try await store.record(attempt)
        case .settle(let hold, let actual):
            try await store.settle(hold, actual: actual)
        case .finish(let finish):
            if let modelFailure = try await store.finishTurn(finish) { throw SessionModelNotKept(error: modelFailure) }
        }
        return nil
    }
}

/// `serve`'s placement of a turn (`GatewaySessions.gatewaySession(...beginning:)`), as a `TurnWrite`.
public struct GatewayBegin: Sendable {
    public var key: Int64?
    public var conversation: GatewayConversation
    public var new: NewSession
    public var title: String?
    public var opening: TurnOpening

    public init(key: Int64?, conversation: GatewayConversation, new: NewSession, title: String?, opening: TurnOpening) {
        self.key = key
        self.conversation = conversation
        self.new = new
        self.title = title
        self.opening = opening
    }
}

/// The ports a turn's posted writes go through.
public typealias TurnWriteStore = SessionStore & Ledger & BudgetLedger & GatewaySessions

/// A store that makes several of a turn's writes in one transaction: one commit for a short turn's whole record
/// instead of one per write.
public protocol TurnWriteBatching: Sendable {
    /// Makes `writes` in order, all or (throwing) none. Returns, in order, the session each `.gatewayBegin`
    /// placed its turn in. A reply's end whose session model cannot be set fails the whole batch (made alone, it
    /// is stored and its model failure reported). `awaited`: something the turn needs now waits behind them (a
    /// budget hold); otherwise the store may hold them a moment to share a commit with other turns' writes.
    func write(_ writes: [TurnWrite], awaited: Bool) async throws -> [UUID]
}

/// A reply's end that was stored while the session's model was not.
public struct SessionModelNotKept: Error, CustomStringConvertible {
    public var error: any Error
    public var description: String { "the answer is stored, the session's model is not: \(error)" }
}
