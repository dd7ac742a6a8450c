import Foundation

/// What a turn writes before its request leaves, in one step (`SessionStore.beginTurn`): every write on the
/// request's path is a round trip to the store's writer and a commit, and `serve` adds them to each request.
public struct TurnOpening: Sendable {
    public var session: UUID
    public var turn: UUID
    /// Committed in order under `turn`: none (a compared answer's prompt is committed once), the person's message,
    /// or the `tool` messages answering the last reply's calls (parallel results are several).
    public var prompts: [ChatMessage]
    /// The turn whose last prompt the reply answers: `turn`, except for compared answers.
    public var promptTurn: UUID
    public var requestedModel: String
    /// `serve`: the gateway key and tags the turn was made with (`GatewayKeyStore.attributeTurn`).
    public var gatewayKey: Int64?
    public var tags: [String]

    public init(session: UUID, turn: UUID, prompts: [ChatMessage], promptTurn: UUID? = nil, requestedModel: String,
                gatewayKey: Int64? = nil, tags: [String] = []) {
        self.session = session
        self.turn = turn
        self.prompts = prompts
        self.promptTurn = promptTurn ?? turn
        self.requestedModel = requestedModel
        self.gatewayKey = gatewayKey
        self.tags = tags
    }

    /// True when the turn carries a key or tags to record.
    public var isAttributed: Bool { gatewayKey != nil || !tags.isEmpty }
}

/// What a turn writes when it ends, in one step (`SessionStore.finishTurn`).
public struct TurnFinish: Sendable {
    public var session: UUID
    public var turn: UUID
    public var completion: AssistantCompletion
    /// The model the session continues with (`ask` and `serve` keep the one that answered); nil leaves it alone.
    public var sessionModel: String?

    public init(session: UUID, turn: UUID, completion: AssistantCompletion, sessionModel: String? = nil) {
        self.session = session
        self.turn = turn
        self.completion = completion
        self.sessionModel = sessionModel
    }
}

extension SessionStore {
    /// The separate calls, in order: for stores without a one-transaction version.
    public func beginTurn(_ opening: TurnOpening) async throws {
        for prompt in opening.prompts {
            try await commitPrompt(session: opening.session, turn: opening.turn, message: prompt)
        }
        try await openReply(session: opening.session, turn: opening.turn, promptTurn: opening.promptTurn,
                            requestedModel: opening.requestedModel)
        if opening.isAttributed, let keys = self as? any GatewayKeyStore {
            try await keys.attributeTurn(opening.turn, key: opening.gatewayKey, tags: opening.tags)
        }
    }

    /// The separate calls, in order; a failed model update is returned, not thrown: the reply is saved.
    @discardableResult
    public func finishTurn(_ finish: TurnFinish) async throws -> (any Error)? {
        try await finishReply(turn: finish.turn, finish.completion)
        guard let model = finish.sessionModel else { return nil }
        do {
            try await setSessionModel(finish.session, model: model)
            return nil
        } catch {
            return error
        }
    }
}
