import Foundation

extension HTTPHeaders {
    /// These headers followed by `extras`; an extra whose name is already present replaces it (a configured
    /// `anthropic-version` wins over the pinned one).
    func overridden(by extras: HTTPHeaders) -> HTTPHeaders {
        let replaced = Set(extras.map { $0.name.lowercased() })
        var merged = HTTPHeaders(fields.filter { !replaced.contains($0.name.lowercased()) }.map { ($0.name, $0.value) })
        for field in extras { merged.add(field.name, field.value) }
        return merged
    }
}
