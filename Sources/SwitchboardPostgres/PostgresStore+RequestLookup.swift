import Foundation
import PostgresNIO
import SwitchboardCore

/// `serve`'s `GET /v1/switchboard/requests/{id}`: one turn with its route decision, reply, attempts and tags,
/// read in one snapshot so the parts agree.
extension PostgresStore: RequestLookup {
    public func storedRequest(_ id: UUID) async throws -> StoredRequest? {
        let found = try await reading("look up request \(id)") { connection -> (StoredRequest, String?)? in
            guard let turn = try await first("""
                SELECT t.session_id, k.name, t.route FROM turns t
                LEFT JOIN gateway_keys k ON k.id = t.gateway_key_id
                WHERE t.id = \(id)
                """, connection) else { return nil }
            let reply = try await first("""
                SELECT status, requested_model, resolved_model, provider, created_at FROM messages
                WHERE turn_id = \(id) AND role = 'assistant' ORDER BY id LIMIT 1
                """, connection)
            var attempts: [AttemptRecord] = []
            for try await row in try await connection.query("""
                \(unescaped: Self.attemptSelect) WHERE a.turn_id = \(id) ORDER BY a.ordinal, a.id
                """, logger: logger) {
                attempts.append(try Self.attempt(row))
            }
            var tags: [String] = []
            for row in try await rows("SELECT tag FROM turn_tags WHERE turn_id = \(id) ORDER BY tag", connection) {
                tags.append(try row[0].decode(String.self))
            }
            let request = StoredRequest(
                id: id, sessionID: try turn[0].decode(UUID?.self), keyName: try turn[1].decode(String?.self), tags: tags,
                status: try reply.flatMap { MessageStatus(rawValue: try $0[0].decode(String.self)) },
                requestedModel: try reply?[1].decode(String?.self), resolvedModel: try reply?[2].decode(String?.self),
                provider: try reply?[3].decode(String?.self),
                createdAt: try reply.map { PostgresValues.date(millis: try $0[4].decode(Int64.self)) },
                route: nil, attempts: attempts)
            return (request, try turn[2].decode(String?.self))
        }
        guard let (stored, route) = found else { return nil }
        var request = stored
        request.route = try route.map { try RouteExplanation(json: $0) }
        return request
    }
}
