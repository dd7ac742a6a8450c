extension PostgresSchema {
    /// "p3 gateway and health": gateway keys, their sessions and activity, shared health (PG3 fills it).
    static let gatewayAndHealth: [String] = []
}
