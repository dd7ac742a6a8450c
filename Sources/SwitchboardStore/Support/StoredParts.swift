import Foundation
import SwitchboardCore

/// A message's parts in the `parts` column: Core's own Codable shape as JSON (attachment bytes as base64), NULL
/// for a text-only message. Old builds never wrote it, so every row they made reads as text only.
enum StoredParts {
    static func encode(_ parts: [ContentPart]?) throws -> String? {
        guard let parts else { return nil }
        return String(decoding: try JSONEncoder().encode(parts), as: UTF8.self)
    }

    static func decode(_ json: String?) throws -> [ContentPart]? {
        guard let json else { return nil }
        return try JSONDecoder().decode([ContentPart].self, from: Data(json.utf8))
    }
}
