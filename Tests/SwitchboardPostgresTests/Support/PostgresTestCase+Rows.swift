import Foundation

/// Rows the budget tests need from the other migrations' tables, written as directly as possible.
extension PostgresTestCase {
    /// A session row (p2's table) to point turns at.
    func makeSession() throws -> UUID {
        let id = UUID()
        try sql("INSERT INTO sessions (id, title, created_at, updated_at) VALUES ('\(id.uuidString)', 't', 0, 0)")
        return id
    }

    /// A gateway key row (p3's table) with this id.
    func makeKey(_ id: Int64) throws {
        try sql("""
            INSERT INTO gateway_keys (id, name, prefix, salt, hash, created_at) VALUES (\(id), 'k\(id)', 'p\(id)', 's', 'h', 0)
            """)
    }
}
