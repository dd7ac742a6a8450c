import HTTPTypes
import SwitchboardCore

extension GatewayTags {
    /// Every `X-Switchboard-Tag` header's value (the header may repeat), for `extract(headerValues:metadata:)`.
    public static func headerValues(in headers: HTTPFields) -> [String] {
        guard let name = HTTPField.Name(header) else { return [] }
        return headers[values: name]
    }

    /// The header's tags, then `tags` (already extracted from a body's metadata), each once, at most `maxCount`.
    public static func fromHeaders(_ headers: HTTPFields, then tags: [String]) -> [String] {
        var merged = extract(headerValues: headerValues(in: headers), metadata: nil)
        for tag in tags where !merged.contains(tag) && merged.count < maxCount { merged.append(tag) }
        return merged
    }
}
