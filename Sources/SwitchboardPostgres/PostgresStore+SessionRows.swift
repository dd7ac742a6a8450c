import Foundation
import Logging
import PostgresNIO
import SwitchboardCore

/// Reading and writing the session tables: every SELECT with its decoder beside it, so the two cannot drift apart,
/// and the text and money forms the columns hold.
extension PostgresStore {
    /// Several reads that must agree (a session, its messages, its head): one snapshot.
    func reading<T: Sendable>(_ doing: String, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await sessionTransaction(doing) { connection in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            return try await body(connection)
        }
    }

    /// A turn's write: one transaction, finished even when the task that asks for it is cancelled (a cancelled
    /// reply is still stored as cancelled).
    func writing(_ doing: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> Void) async throws {
        try await evenIfCancelled { [self] in try await sessionTransaction(doing) { connection in try await body(connection) } }
    }

    /// The same, with what the transaction found to say.
    func writingResult<T: Sendable>(_ doing: String,
                                    _ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await evenIfCancelled { [self] in try await sessionTransaction(doing) { connection in try await body(connection) } }
    }

    /// BEGIN/COMMIT (ROLLBACK when `body` throws). A refusal of the port (`SessionStoreError`: no such session,
    /// several match...) comes out as itself, so it reads as the SQLite store's does; database failures say what
    /// was being done.
    private func sessionTransaction<T: Sendable>(_ doing: String,
                                                 _ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch let error as PostgresTransactionError {
            if let refusal = error.closureError as? SessionStoreError { throw refusal }
            throw PostgresStoreError.wrap(error.closureError ?? error.beginError ?? error.commitError ?? error, doing: doing)
        } catch {
            throw PostgresStoreError.wrap(error, doing: doing)
        }
    }

    /// Every row of `query`, for decoding by position.
    func rows(_ query: PostgresQuery, _ connection: PostgresConnection) async throws -> [PostgresRandomAccessRow] {
        var rows: [PostgresRandomAccessRow] = []
        for try await row in try await connection.query(query, logger: logger) { rows.append(row.makeRandomAccess()) }
        return rows
    }

    /// Every row of `query`, whole (for decoders that take a `PostgresRow`).
    func wholeRows(_ query: PostgresQuery, _ connection: PostgresConnection) async throws -> [PostgresRow] {
        var rows: [PostgresRow] = []
        for try await row in try await connection.query(query, logger: logger) { rows.append(row) }
        return rows
    }

    func first(_ query: PostgresQuery, _ connection: PostgresConnection) async throws -> PostgresRandomAccessRow? {
        try await rows(query, connection).first
    }

    // MARK: Sessions

    static let sessionColumns = "s.id, s.title, s.created_at, s.updated_at, s.archived, s.system_prompt, s.model, s.tag, s.role"

    /// Decodes `sessionColumns`, which open the SELECT.
    static func session(_ row: PostgresRandomAccessRow) throws -> StoredSession {
        StoredSession(id: try row[0].decode(UUID.self), title: try row[1].decode(String.self),
                      createdAt: MillisecondTime.date(try row[2].decode(Int64.self)),
                      updatedAt: MillisecondTime.date(try row[3].decode(Int64.self)),
                      archived: try row[4].decode(Bool.self), systemPrompt: try row[5].decode(String?.self),
                      model: try row[6].decode(String?.self), tag: try row[7].decode(String?.self),
                      role: try row[8].decode(String?.self))
    }

    // MARK: Messages

    static let messageSelect = """
        SELECT m.id, m.parent_id, m.role, m.status, m.requested_model, m.resolved_model, m.provider, m.input_tokens,
               m.output_tokens, m.cache_read_tokens, m.cache_write_tokens, m.reasoning_tokens, m.cost::text,
               m.cost_reported::text, m.ttft_ms, m.duration_ms, m.created_at, m.updated_at, m.text, m.turn_id,
               m.cache_write_1h_tokens, m.image_inputs, m.parts, m.text_exact
        FROM messages m
        """

    static func message(_ row: PostgresRandomAccessRow, sessionID: UUID) throws -> StoredMessage {
        let roleText = try row[2].decode(String.self)
        let statusText = try row[3].decode(String.self)
        guard let role = Role(rawValue: roleText), let status = MessageStatus(rawValue: statusText) else {
            throw PostgresStoreError.database(doing: "read a message", message: "unknown role or status: \(roleText) \(statusText)")
        }
        var usage: Usage?
        if let input = try row[7].decode(Int64?.self) {
            usage = Usage(input: Int(input), output: try int(row[8]), cacheRead: try int(row[9]),
                          cacheWrite: try int(row[10]), reasoning: try int(row[11]),
                          cacheWrite1h: try int(row[20]), images: try int(row[21]))
        }
        return StoredMessage(
            id: MessageID(rawValue: try row[0].decode(Int64.self)), sessionID: sessionID,
            parentID: try row[1].decode(Int64?.self).map(MessageID.init(rawValue:)), turnID: try row[19].decode(UUID?.self),
            role: role, text: try exactText(row[18], exact: row[23]), status: status,
            requestedModel: try row[4].decode(String?.self), resolvedModel: try row[5].decode(String?.self),
            provider: try row[6].decode(String?.self), usage: usage, cost: try money(row[12]),
            reportedCost: try money(row[13]), ttftMs: try row[14].decode(Int64?.self),
            durationMs: try row[15].decode(Int64?.self),
            createdAt: MillisecondTime.date(try row[16].decode(Int64.self)),
            updatedAt: MillisecondTime.date(try row[17].decode(Int64.self)),
            parts: try StoredParts.decode(try row[22].decode(String?.self)))
    }

    // MARK: Values

    /// An integer column (bigint or integer), 0 when NULL: the token counts old rows lack.
    static func int(_ cell: PostgresCell) throws -> Int {
        Int(try cell.decode(Int64?.self) ?? 0)
    }

    /// Money is read as the numeric's text, so it comes back as exactly the decimal that was stored.
    static func money(_ cell: PostgresCell) throws -> Money? {
        guard let text = try cell.decode(String?.self) else { return nil }
        guard let amount = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
            throw PostgresStoreError.database(doing: "read an amount", message: "not a decimal: \(text)")
        }
        return Money(amount)
    }

    /// Money is bound as text and cast to numeric in the SQL: never through a float.
    static func moneyText(_ money: Money?) -> String? { money?.decimalString }

    /// PostgreSQL text cannot hold NUL: a text with one is kept searchable with each NUL as a space, and exactly
    /// (UTF-8 bytes) beside it. Nil `exact` for every other text.
    static func storedText(_ text: String) -> (text: String, exact: ByteBuffer?) {
        guard text.utf8.contains(0) else { return (text, nil) }
        return (text.replacingOccurrences(of: "\u{0}", with: " "), ByteBuffer(bytes: Array(text.utf8)))
    }

    /// Text and titles that are only shown (never matched to the letter) lose their NULs.
    static func shownText(_ text: String?) -> String? { text?.replacingOccurrences(of: "\u{0}", with: " ") }

    static func exactText(_ text: PostgresCell, exact: PostgresCell) throws -> String {
        if let bytes = try exact.decode(ByteBuffer?.self) { return String(buffer: bytes) }
        return try text.decode(String.self)
    }

    static func millis(_ date: Date) -> Int64 { MillisecondTime.millis(date) }

    static func millis(_ duration: Duration) -> Int64 { Int64(duration.milliseconds) }
}

/// Why the session's model was not kept while the reply was (`finishTurn`): sendable, unlike `any Error`.
struct PostgresModelFailure: Error, Sendable, CustomStringConvertible {
    let description: String
}
