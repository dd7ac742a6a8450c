import Foundation

/// A `postgres://` or `postgresql://` URL taken apart: where to connect and as whom. Its description hides the
/// password, so it can be printed in errors and logs.
public struct PostgresURL: Sendable, Hashable, CustomStringConvertible {
    /// `disable`, `prefer` (the default: TLS when the server offers it) or `require`, from `?sslmode=`.
    public enum TLSMode: String, Sendable, Hashable {
        case disable, prefer, require
    }

    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var tls: TLSMode

    public init(host: String, port: Int = 5432, user: String, password: String?, database: String, tls: TLSMode = .prefer) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.tls = tls
    }

    /// True when `text` names PostgreSQL rather than a SQLite file.
    public static func isPostgres(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://")
    }

    /// Parses the URL; the error never repeats the password.
    public init(_ text: String) throws {
        guard Self.isPostgres(text), let components = URLComponents(string: text), let host = components.host,
              !host.isEmpty else {
            throw PostgresStoreError.badURL("not a PostgreSQL URL (postgres://user:password@host:port/database): "
                + Self.redacting(text))
        }
        guard let user = components.user, !user.isEmpty else {
            throw PostgresStoreError.badURL("the PostgreSQL URL names no user: \(Self.redacting(text))")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        var tls = TLSMode.prefer
        for item in components.queryItems ?? [] where item.name == "sslmode" {
            switch item.value ?? "" {
            case "disable", "allow": tls = .disable
            case "prefer": tls = .prefer
            case "require", "verify-ca", "verify-full": tls = .require
            case let other: throw PostgresStoreError.badURL("unknown sslmode '\(other)' in \(Self.redacting(text))")
            }
        }
        self.init(host: host, port: components.port ?? 5432, user: user.removingPercentEncoding ?? user,
                  password: components.password.map { $0.removingPercentEncoding ?? $0 },
                  database: database.isEmpty ? user : (database.removingPercentEncoding ?? database), tls: tls)
    }

    /// `postgres://user:***@host:port/database`: what errors and logs show.
    public var description: String {
        "postgres://\(user)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)"
    }

    /// The same URL with another database (the admin URL of tests, pointed at a fresh database).
    public func with(database: String) -> PostgresURL {
        var copy = self
        copy.database = database
        return copy
    }

    /// A URL text with its password replaced by `***`, for messages about a URL that could not be parsed.
    public static func redacting(_ text: String) -> String {
        guard let schemeEnd = text.range(of: "://"),
              let at = text[schemeEnd.upperBound...].lastIndex(of: "@") else { return text }
        let credentials = text[schemeEnd.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }
}
