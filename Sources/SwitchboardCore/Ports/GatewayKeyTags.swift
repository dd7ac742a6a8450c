import Foundation

/// The tags of a `serve` request, for `spend --by tag`: from `X-Switchboard-Tag` (comma separated, the header
/// may repeat) and from the body's `metadata` object: its `tags` (an array or a comma-separated string) as they
/// are, and every other string member as `name:value` (Anthropic's `metadata.user_id` becomes `user_id:…`).
/// Trimmed, empty ones dropped, duplicates kept once, each at most `maxLength` characters, at most `maxCount`.
public enum GatewayTags {
    public static let header = "X-Switchboard-Tag"
    public static let maxCount = 16
    public static let maxLength = 64

    public static func extract(headerValues: [String], metadata: JSONValue?) -> [String] {
        var found: [String] = headerValues.flatMap(split)
        if case .object(let members)? = metadata {
            for name in members.keys.sorted() {
                switch (name, members[name]) {
                case ("tags", .string(let text)?): found += split(text)
                case ("tags", .array(let items)?):
                    for case .string(let text) in items { found.append(text) }
                case (_, .string(let value)?): found.append(name + ":" + value)
                default: break
                }
            }
        }
        var seen = Set<String>()
        var tags: [String] = []
        for raw in found {
            let tag = String(raw.trimmingCharacters(in: .whitespacesAndNewlines).prefix(maxLength))
            guard !tag.isEmpty, tag.allSatisfy({ !$0.isNewline && $0.asciiValue.map { $0 >= 0x20 } ?? true }),
                  seen.insert(tag).inserted else { continue }
            tags.append(tag)
            if tags.count == maxCount { break }
        }
        return tags
    }

    private static func split(_ text: String) -> [String] {
        text.split(separator: ",").map(String.init)
    }
}
