import Foundation

/// A message's parts as a store keeps them (SQLite's `parts` column, PostgreSQL's too): Core's own Codable shape as JSON (attachment bytes as base64), NULL
/// for a text-only message. Old builds never wrote it, so every row they made reads as text only.
public enum StoredParts {
    public static func encode(_ parts: [ContentPart]?) throws -> String? {
        guard let parts else { return nil }
        return String(decoding: try JSONEncoder().encode(parts), as: UTF8.self)
    }

    public static func decode(_ json: String?) throws -> [ContentPart]? {
        guard let json else { return nil }
        return try JSONDecoder().decode([ContentPart].self, from: Data(json.utf8))
    }
}
