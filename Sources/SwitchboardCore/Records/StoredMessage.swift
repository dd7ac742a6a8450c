import Foundation

/// A message as stored, with what is known about how it was produced.
public struct StoredMessage: Sendable, Hashable {
    public var id: MessageID
    public var sessionID: UUID
    /// The message this one answers or follows; siblings share a parent (compare mode, retries).
    public var parentID: MessageID?
    /// Ties the user message, the reply and the engine's attempts of one turn.
    public var turnID: UUID?
    public var role: Role
    public var text: String
    public var status: MessageStatus
    public var requestedModel: String?
    public var resolvedModel: String?
    public var provider: String?
    public var usage: Usage?
    public var cost: Money?
    public var reportedCost: Money?
    public var ttftMs: Int64?
    public var durationMs: Int64?
    public var createdAt: Date
    public var updatedAt: Date
    /// Every part of the message (text included, in order) when it has more than its text: attachments, tool calls
    /// or results, thinking. Nil for a text-only message, which `text` says whole.
    public var parts: [ContentPart]?

    public init(id: MessageID, sessionID: UUID, parentID: MessageID?, turnID: UUID?, role: Role, text: String,
                status: MessageStatus, requestedModel: String? = nil, resolvedModel: String? = nil,
                provider: String? = nil, usage: Usage? = nil, cost: Money? = nil, reportedCost: Money? = nil,
                ttftMs: Int64? = nil, durationMs: Int64? = nil, createdAt: Date, updatedAt: Date,
                parts: [ContentPart]? = nil) {
        self.id = id
        self.sessionID = sessionID
        self.parentID = parentID
        self.turnID = turnID
        self.role = role
        self.text = text
        self.status = status
        self.requestedModel = requestedModel
        self.resolvedModel = resolvedModel
        self.provider = provider
        self.usage = usage
        self.cost = cost
        self.reportedCost = reportedCost
        self.ttftMs = ttftMs
        self.durationMs = durationMs
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.parts = parts
    }

    /// The neutral message sent when the conversation is resumed: with its tool calls, results, thinking and
    /// attachments, so each adapter can put them in its own provider's shape.
    public var chatMessage: ChatMessage { ChatMessage(role: role, parts: parts ?? [.text(text)]) }

    /// What to keep beside the text: nil when the message is its text alone (one text part), so text-only
    /// messages are stored as before parts existed.
    public static func storedParts(of message: ChatMessage) -> [ContentPart]? {
        message.parts == [.text(message.text)] ? nil : message.parts
    }
}

extension StoredMessage {
    public typealias Status = MessageStatus

    /// A message as it will be stored: its visible text, and its parts when it has more than that.
    public init(_ message: ChatMessage, status: Status = .complete, turnID: UUID? = nil) {
        self.init(role: message.role, text: message.text, status: status, turnID: turnID,
                  parts: Self.storedParts(of: message))
    }

    /// A message not (yet) read from a database: for in-memory stores and tests.
    public init(role: Role, text: String, model: String? = nil, provider: String? = nil, status: Status = .complete,
                usage: Usage? = nil, cost: Money? = nil, ttft: Duration? = nil, duration: Duration? = nil,
                turnID: UUID? = nil, id: MessageID = MessageID(rawValue: 0), sessionID: UUID = UUID(),
                at date: Date = Date(timeIntervalSince1970: 0), parts: [ContentPart]? = nil) {
        self.init(id: id, sessionID: sessionID, parentID: nil, turnID: turnID, role: role, text: text, status: status,
                  resolvedModel: model, provider: provider, usage: usage, cost: cost,
                  ttftMs: ttft.map(Self.millis), durationMs: duration.map(Self.millis), createdAt: date, updatedAt: date,
                  parts: parts)
    }

    /// The model that answered, else the one asked for.
    public var model: String? { resolvedModel ?? requestedModel }
    public var ttft: Duration? { ttftMs.map { .milliseconds($0) } }
    public var duration: Duration? { durationMs.map { .milliseconds($0) } }

    static func millis(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }
}
