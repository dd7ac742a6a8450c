import Foundation
import GRDB
import SwitchboardCore

/// Archives through the port, by GRDB's async access: export here, import beside `importJSON` (one transaction).
extension SQLiteStore: SessionTransfer {
    public func exportArchive(_ reference: String) async throws -> Data {
        let detail = try await connections.read { db in try Self.fetchDetail(try Self.resolve(reference, db), db) }
        return try SessionArchive(detail).encoded()
    }
}
