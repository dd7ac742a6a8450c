import Foundation
import GRDB
import SwitchboardCore

/// `serve`'s `GET /v1/switchboard/requests/{id}`: one turn with its route decision, reply, attempts and tags,
/// read in one transaction so the parts agree.
extension SQLiteStore: RequestLookup {
    public func storedRequest(_ id: UUID) async throws -> StoredRequest? {
        let found = try await connections.read { db -> (StoredRequest, String?)? in
            guard let turn = try Row.fetchOne(db, sql: """
                SELECT t.id, s.uuid, k.name, t.route FROM turns t
                LEFT JOIN sessions s ON s.id = t.session_id
                LEFT JOIN gateway_keys k ON k.id = t.gateway_key_id
                WHERE t.uuid = ?
                """, arguments: [id]) else { return nil }
            let row: Int64 = try turn.decode(atIndex: 0)
            let session = try turn.optional(String.self, atIndex: 1).flatMap(UUID.init(uuidString:))
            let reply = try Row.fetchOne(db, sql: """
                SELECT status, requested_model, resolved_model, provider, created_at FROM messages
                WHERE turn_id = ? AND role = 'assistant' ORDER BY id LIMIT 1
                """, arguments: [row])
            let attempts = try Row.fetchAll(db, sql: RowDecoding.attemptSelect + " WHERE t.id = ? ORDER BY a.ordinal",
                                            arguments: [row]).map(RowDecoding.attempt)
            let tags = try String.fetchAll(db, sql: "SELECT tag FROM turn_tags WHERE turn_id = ? ORDER BY tag", arguments: [row])
            let request = StoredRequest(
                id: id, sessionID: session, keyName: try turn.optional(atIndex: 2), tags: tags,
                status: try reply.flatMap { MessageStatus(rawValue: try $0.decode(atIndex: 0)) },
                requestedModel: try reply?.optional(atIndex: 1), resolvedModel: try reply?.optional(atIndex: 2),
                provider: try reply?.optional(atIndex: 3),
                createdAt: try reply.map { StoredTime.date(try $0.decode(atIndex: 4)) },
                route: nil, attempts: attempts)
            return (request, try turn.optional(String.self, atIndex: 3))
        }
        guard let (stored, route) = found else { return nil }
        var request = stored
        request.route = try route.map { try RouteExplanation(json: $0) }
        return request
    }
}
