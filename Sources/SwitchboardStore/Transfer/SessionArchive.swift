import Foundation
import SwitchboardCore

/// The JSON export of one session: `messages` is OpenAI-style (`role`, `content`), ready to send as is;
/// `metadata[i]` says how `messages[i]` was made. Import reads it back exactly: export, import into an empty
/// database, export again gives the same bytes.
struct SessionArchive: Codable, Equatable {
    static let formatName = "switchboard.session"
    static let currentVersion = 1

    struct Message: Codable, Equatable {
        var role: String
        var content: String
    }

    struct Metadata: Codable, Equatable {
        var status: String
        /// Index into `messages` of the message this one follows, or null.
        var parent: Int?
        var turnID: String?
        var requestedModel: String?
        var model: String?
        var provider: String?
        var usage: UsageJSON?
        var cost: String?
        var costReported: String?
        var ttftMs: Int64?
        var durationMs: Int64?
        var createdAt: String
        var updatedAt: String
        var attempts: [AttemptJSON]

        enum CodingKeys: String, CodingKey {
            case status, parent, turnID = "turn_id", requestedModel = "requested_model", model, provider, usage, cost,
                 costReported = "cost_reported", ttftMs = "ttft_ms", durationMs = "duration_ms",
                 createdAt = "created_at", updatedAt = "updated_at", attempts
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(status, forKey: .status)
            try container.encode(parent, forKey: .parent)
            try container.encode(turnID, forKey: .turnID)
            try container.encode(requestedModel, forKey: .requestedModel)
            try container.encode(model, forKey: .model)
            try container.encode(provider, forKey: .provider)
            try container.encode(usage, forKey: .usage)
            try container.encode(cost, forKey: .cost)
            try container.encode(costReported, forKey: .costReported)
            try container.encode(ttftMs, forKey: .ttftMs)
            try container.encode(durationMs, forKey: .durationMs)
            try container.encode(createdAt, forKey: .createdAt)
            try container.encode(updatedAt, forKey: .updatedAt)
            try container.encode(attempts, forKey: .attempts)
        }
    }

    var format: String
    var version: Int
    var id: String
    var title: String
    var createdAt: String
    var updatedAt: String
    var archived: Bool
    var systemPrompt: String?
    var model: String?
    var tag: String?
    var messages: [Message]
    var metadata: [Metadata]

    enum CodingKeys: String, CodingKey {
        case format, version, id, title, createdAt = "created_at", updatedAt = "updated_at", archived,
             systemPrompt = "system_prompt", model, tag, messages, metadata
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(format, forKey: .format)
        try container.encode(version, forKey: .version)
        try container.encode(id, forKey: .id)
        try container.encode(title, forKey: .title)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encode(archived, forKey: .archived)
        try container.encode(systemPrompt, forKey: .systemPrompt)
        try container.encode(model, forKey: .model)
        try container.encode(tag, forKey: .tag)
        try container.encode(messages, forKey: .messages)
        try container.encode(metadata, forKey: .metadata)
    }

    init(_ detail: SessionDetail) {
        let session = detail.session
        format = Self.formatName
        version = Self.currentVersion
        id = session.id.uuidString.lowercased()
        title = session.title
        createdAt = StoredTime.iso(StoredTime.millis(session.createdAt))
        updatedAt = StoredTime.iso(StoredTime.millis(session.updatedAt))
        archived = session.archived
        systemPrompt = session.systemPrompt
        model = session.model
        tag = session.tag
        var position: [MessageID: Int] = [:]
        for (index, entry) in detail.entries.enumerated() { position[entry.message.id] = index }
        messages = detail.entries.map { Message(role: $0.message.role.rawValue, content: $0.message.text) }
        metadata = detail.entries.map { entry in
            let message = entry.message
            return Metadata(status: message.status.rawValue, parent: message.parentID.flatMap { position[$0] },
                            turnID: message.turnID?.uuidString.lowercased(), requestedModel: message.requestedModel,
                            model: message.resolvedModel, provider: message.provider, usage: message.usage.map(UsageJSON.init),
                            cost: message.cost?.decimalString, costReported: message.reportedCost?.decimalString,
                            ttftMs: message.ttftMs, durationMs: message.durationMs,
                            createdAt: StoredTime.iso(StoredTime.millis(message.createdAt)),
                            updatedAt: StoredTime.iso(StoredTime.millis(message.updatedAt)),
                            attempts: entry.attempts.map(AttemptJSON.init))
        }
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
