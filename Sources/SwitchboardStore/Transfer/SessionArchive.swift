import Foundation
import SwitchboardCore

/// The JSON export of one session: `messages` is OpenAI-style (`role`, `content`), ready to send as is;
/// `metadata[i]` says how `messages[i]` was made. Import reads it back exactly: export, import into an empty
/// database, export again gives the same bytes. The session's and each message's fields are the shapes
/// `history show --json` writes too (`SessionFieldsJSON`, `MessageFieldsJSON`).
struct SessionArchive: DecodableFlattenedJSON, Equatable {
    static let formatName = "switchboard.session"
    /// 2: messages may have `parts` and usage `cache_write_1h` / `images`. 3: `head`, the message the conversation
    /// continues from (a picked answer, a branch moved to). 4: `compactions`, summaries sent in place of older
    /// turns. 5: `columns_after`, where regenerated columns awaiting a pick begin. A session without them is still
    /// written as version 1, byte for byte as before; every version up to this one is read.
    static let currentVersion = 5

    struct Message: Codable, Equatable {
        var role: String
        var content: String
    }

    /// A message's fields plus `parent`: the index into `messages` of the message this one follows, or null.
    struct Metadata: DecodableFlattenedJSON, Equatable {
        struct Own: Codable, Equatable {
            @ExplicitNull var parent: Int?
            /// Only on messages with more than their text (version 2), attachment bytes included.
            var parts: [PartJSON]?
        }

        var own: Own
        var shared: MessageFieldsJSON
    }

    struct Own: Codable, Equatable {
        var format: String
        var version: Int
        var messages: [Message]
        var metadata: [Metadata]
        /// Index into `messages` of the session's head; absent when the conversation ends at the latest message.
        var head: Int?
        /// Summaries of older turns (`/compact`), oldest first; absent when there are none.
        var compactions: [CompactionJSON]?
        /// Index into `messages`: the replies to the last prompt after it are compared columns awaiting a pick, the
        /// older ones earlier versions (`/regen` with several models). Absent otherwise.
        var columnsAfter: Int?

        enum CodingKeys: String, CodingKey {
            case format, version, messages, metadata, head, compactions, columnsAfter = "columns_after"
        }
    }

    var own: Own
    var shared: SessionFieldsJSON
}

extension SessionArchive {
    init(_ detail: SessionDetail) {
        var position: [MessageID: Int] = [:]
        for (index, entry) in detail.entries.enumerated() { position[entry.message.id] = index }
        own = Own(format: Self.formatName, version: Self.version(detail),
                  messages: detail.entries.map { Message(role: $0.message.role.rawValue, content: $0.message.text) },
                  metadata: detail.entries.map { entry in
                      Metadata(own: .init(parent: entry.message.parentID.flatMap { position[$0] },
                                          parts: entry.message.parts?.map { PartJSON($0, for: .export) }),
                               shared: MessageFieldsJSON(entry))
                  },
                  head: detail.head.flatMap { position[$0] },
                  compactions: Self.compactions(detail),
                  columnsAfter: detail.columnsAfter.flatMap { position[$0] })
        shared = SessionFieldsJSON(detail.session)
    }

    /// The oldest version that holds the session: 1 unless something in it is new in 2, so an older build still
    /// reads what it can read whole and refuses what it would read only in part.
    static func version(_ detail: SessionDetail) -> Int {
        if detail.columnsAfter != nil { return 5 }  // an older build would reopen earlier replies as columns
        if compactions(detail) != nil { return 4 }  // an older build would send the originals again
        let usages = detail.entries.flatMap { [$0.message.usage].compactMap { $0 } + $0.attempts.map(\.usage) }
        if detail.head != nil { return 3 }  // an older build would drop it and continue from the latest message
        let newer = detail.entries.contains { $0.message.parts != nil }
            || usages.contains { $0.cacheWrite1h != 0 || $0.images != 0 }
        return newer ? 2 : 1
    }

    /// The session's summaries as written; nil when it has none (so the key stays out of older-format files).
    static func compactions(_ detail: SessionDetail) -> [CompactionJSON]? {
        let messages = detail.entries.map(\.message)
        let written = detail.compactions.compactMap { CompactionJSON($0, in: messages) }
        return written.isEmpty ? nil : written
    }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    func encoded() throws -> Data {
        var data = try Self.encoder().encode(self)
        data.append(0x0A)
        return data
    }

    static func decode(_ data: Data) throws -> SessionArchive {
        let archive: SessionArchive
        do {
            archive = try JSONDecoder().decode(SessionArchive.self, from: data)
        } catch let error as DecodingError {
            throw StoreError.invalidImport(detail: "not a Switchboard session export (\(Self.describe(error)))")
        }
        guard archive.format == formatName else {
            throw StoreError.invalidImport(detail: "format is '\(archive.format)', expected '\(formatName)'")
        }
        guard archive.version <= currentVersion else {
            throw StoreError.invalidImport(detail: "export version \(archive.version) is newer than this build reads (\(currentVersion))")
        }
        guard archive.messages.count == archive.metadata.count else {
            throw StoreError.invalidImport(detail: "\(archive.messages.count) messages but \(archive.metadata.count) metadata entries")
        }
        return archive
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "missing '\(key.stringValue)' at \(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type at \(path(context))"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : "bad value at \(path(context))"
        @unknown default:
            return "unreadable"
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return path.isEmpty ? "top level" : path
    }
}
