import Foundation
import GRDB
import SwitchboardCore

/// A message about to be inserted, and the statements that insert one, or a prompt and its reply together.
struct NewMessage {
    var role: Role
    var status: MessageStatus
    var text: String
    var parts: [ContentPart]?
    var parent: Int64?
    var requestedModel: String?
    /// A reply already whole: its text, parts and status are the ending's, with who served it and what it cost.
    var ending: AssistantCompletion?

    private static let columns = """
        session_id, parent_id, turn_id, role, status, requested_model, created_at, updated_at, text, parts, resolved_model,
        provider, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost,
        cost_reported, ttft_ms, duration_ms, cache_write_1h_tokens, image_inputs
        """
    private static let placeholders = "?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS TEXT), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
    /// One message, its id chosen by SQLite.
    static let insertOne = "INSERT INTO messages (\(columns)) VALUES (\(placeholders))"
    /// Two messages, each row's id given first.
    static let insertTwo = "INSERT INTO messages (id, \(columns)) VALUES (?, \(placeholders)), (?, \(placeholders))"

    /// The message a new one in a session follows when no parent is given: the picked answer if there is one
    /// (and it is the session's), else the latest message. Binds the session's row twice.
    static let headOrLatest = """
        coalesce(
            (SELECT m.id FROM messages m JOIN sessions s ON m.id = s.head_message_id AND m.session_id = s.id WHERE s.id = ?),
            (SELECT max(id) FROM messages WHERE session_id = ?))
        """

    /// The values of `columns`, in order.
    func values(_ rows: SQLiteStore.MessageRows, at millis: Int64) throws -> [(any DatabaseValueConvertible)?] {
        let usage = ending?.usage
        return [rows.session, parent, rows.turn, role.rawValue, (ending?.status ?? status).rawValue, requestedModel, millis,
                millis, ExactText.bind(ending?.text ?? text), try StoredParts.encode(ending.map(\.parts) ?? parts),
                ending?.resolvedModel, ending?.provider, usage?.input, usage?.output, usage?.cacheRead, usage?.cacheWrite,
                usage?.reasoning, ending?.cost?.decimalString, ending?.reportedCost?.decimalString,
                ending?.ttft.map(StoredTime.millis), ending?.duration.map(StoredTime.millis), usage?.cacheWrite1h,
                usage?.images]
    }
}

extension SQLiteStore {
    /// A prompt and the reply to it in one statement, so the search index takes both in one write: the ids are
    /// the two SQLite would have given them one after the other (one past the largest). `prompt.parent` nil
    /// continues from the head, as `insertMessage` does. The session's row is updated once, for the prompt: the
    /// reply, stored the same instant, would change nothing in it. False, having written nothing, when the largest
    /// id leaves no room (SQLite would pick ids at random): insert them one at a time.
    static func insertExchange(_ db: Database, rows: MessageRows, prompt: NewMessage, reply: NewMessage,
                               at date: Date) throws -> Bool {
        let found = try Row.fetchOne(db.cachedStatement(sql: "SELECT \(NewMessage.headOrLatest), (SELECT max(id) FROM messages)"),
                                     arguments: [rows.session, rows.session])
        let largest: Int64 = try found?.decode(atIndex: 1) ?? 0
        guard largest < Int64.max - 1 else { return false }
        let (promptID, replyID) = (largest + 1, largest + 2)
        var prompt = prompt, reply = reply
        prompt.parent = try prompt.parent ?? found?.decode(atIndex: 0)
        reply.parent = promptID
        let millis = StoredTime.millis(date)
        let values = [promptID] + (try prompt.values(rows, at: millis)) + [replyID] + (try reply.values(rows, at: millis))
        try db.executeCached(NewMessage.insertTwo, StatementArguments(values))
        try touchSession(rows.session, after: prompt, at: millis, db)
        return true
    }

    /// A message that replies to the picked answer carries the conversation on from it: the head is used up.
    /// Any other (a compared answer that finished after the pick) leaves the pick alone. Only replies join
    /// regenerated columns; any other message means the conversation went on without a pick.
    static func touchSession(_ session: Int64, after message: NewMessage, at millis: Int64, _ db: Database) throws {
        try db.executeCached("""
            UPDATE sessions SET updated_at = max(updated_at, ?),
                head_message_id = CASE WHEN head_message_id = ? THEN NULL ELSE head_message_id END,
                columns_after = CASE WHEN ? = ? THEN columns_after ELSE NULL END
            WHERE id = ?
            """, [millis, message.parent, message.role.rawValue, Role.assistant.rawValue, session])
    }
}
