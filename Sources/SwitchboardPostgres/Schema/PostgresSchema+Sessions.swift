extension PostgresSchema {
    /// "p2 sessions": sessions, messages, routes, compactions, parts, search (PG2 fills it).
    static let sessions: [String] = []
}
