import Foundation

/// What the price-file loaders leave out.
public struct CatalogLoadOptions: Sendable, Hashable {
    /// Entries whose deprecation or expiration day (`YYYY-MM-DD`) is before this day are left out: the provider
    /// no longer serves them, so routing to them could only fail. nil keeps every entry.
    public var retiredBefore: String?

    public init(retiredBefore: String?) {
        self.retiredBefore = retiredBefore
    }

    /// Keeps everything, retired or not.
    public static let everything = CatalogLoadOptions(retiredBefore: nil)

    /// Leaves out what is retired as of today (UTC): what an import of a freshly downloaded file wants.
    public static var today: CatalogLoadOptions {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return CatalogLoadOptions(retiredBefore: formatter.string(from: Date()))
    }

    /// True when `day` (a `YYYY-MM-DD` string, possibly followed by a time) is before the cut-off.
    /// ISO days compare correctly as text.
    func isRetired(_ day: String?) -> Bool {
        guard let cutoff = retiredBefore, let day, day.count >= 10 else { return false }
        return day.prefix(10) < cutoff.prefix(10)
    }
}
