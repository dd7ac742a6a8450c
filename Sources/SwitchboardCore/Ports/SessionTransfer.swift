import Foundation

/// A session carried out of one history and into another (`history export --format json`, `history import`).
/// The SQLite store implements it; the archive's format is the store's own.
public protocol SessionTransfer: Sendable {
    /// The session a reference names, as an archive `importArchive` reads back: deterministic bytes.
    func exportArchive(_ reference: String) async throws -> Data
    /// Stores the archive's session in one transaction: everything or nothing.
    func importArchive(_ archive: Data) async throws -> ImportedSession
}
