import GRDB

/// Statements of the per-turn writes (prompt, reply opened, checkpoints, attempts, reply finished) and the look-ups
/// they need, prepared once per connection and reused: `db.execute(sql:)` compiles its SQL on every call, and an
/// INSERT or UPDATE of `messages` compiles the search index's triggers with it.
extension Database {
    func executeCached(_ sql: String, _ arguments: StatementArguments) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }
}
