import GRDB

extension Row {
    /// A column that may be NULL, read through GRDB's fast path: NULL is checked first and the value decoded as
    /// its own type. Decoding straight into an `Optional` goes through GRDB's generic conversion, which looked up
    /// type metadata for every value and was a third of the time opening a 1,000-message session took.
    @inline(__always)
    func optional<Value: DatabaseValueConvertible & StatementColumnConvertible>(
        _ type: Value.Type = Value.self, atIndex index: Int
    ) throws -> Value? {
        hasNull(atIndex: index) ? nil : try decode(Value.self, atIndex: index)
    }
}
