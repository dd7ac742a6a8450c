import Foundation
import SwitchboardCore

/// The archive format as Core's port: what the PostgreSQL store exports and imports through, so both stores
/// write and read the same bytes.
public struct SwitchboardArchiveCodec: SessionArchiveCodec {
    public init() {}

    public func encode(_ detail: SessionDetail) throws -> Data {
        try SessionArchive(detail).encoded()
    }

    public func decode(_ archive: Data) throws -> ArchivedSession {
        try ArchivedSession(try SessionArchive.decode(archive))
    }
}
