import HTTPTypes
import SwitchboardCore

/// What a request presented to prove who it is: `Authorization: Bearer`, or `x-api-key` (Anthropic's clients).
public struct GatewayCredentials: Sendable, Equatable {
    public var bearer: String?
    public var apiKey: String?

    public init(bearer: String?, apiKey: String?) {
        self.bearer = bearer
        self.apiKey = apiKey
    }

    /// The presented key, whichever header carried it.
    public var key: String? { bearer ?? apiKey }

    init(headers: HTTPFields) {
        self.init(bearer: headers[.authorization].flatMap(Self.bearer), apiKey: Self.apiKeyHeader.flatMap { headers[$0] })
    }

    private static let apiKeyHeader = HTTPField.Name("x-api-key")

    /// The token of a `Bearer` authorization (the scheme in any case), without the blanks around it; nil for any
    /// other scheme or no token. Read as bytes: every request comes through here.
    private static func bearer(_ authorization: String) -> String? {
        let bytes = authorization.utf8
        let scheme = "bearer ".utf8
        let lowercased = { (byte: UInt8) in (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte }
        guard bytes.count > scheme.count, zip(bytes, scheme).allSatisfy({ lowercased($0) == $1 }) else { return nil }
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        let token = bytes.dropFirst(scheme.count).drop(while: isBlank)
        guard let last = token.lastIndex(where: { !isBlank($0) }) else { return nil }
        return String(decoding: token[...last], as: UTF8.self)
    }
}

/// Who a request is, once authenticated: carried to the turn (budget scope, tags, the session it is grouped in).
public struct GatewayCaller: Sendable, Equatable {
    /// The virtual key's id (never the key itself); nil when serve runs with `--no-auth`.
    public var keyID: String?
    /// The key's name, for sessions and reports.
    public var name: String?
    /// Model patterns the key may use; empty means any.
    public var allowedModels: [String]
    /// The virtual key itself (caps, patterns, rate; never its secret): set it as the turn's `gatewayKey` so the
    /// engine holds its caps, and pass its id to the `TurnRecorder` (`KeyedGatewayAuthenticator`).
    public var key: GatewayKey? = nil

    public init(keyID: String? = nil, name: String? = nil, allowedModels: [String] = []) {
        self.keyID = keyID
        self.name = name
        self.allowedModels = allowedModels
    }

    public static let anonymous = GatewayCaller()
}

/// Why a request was refused before anything ran.
public struct GatewayDenial: Error, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// No key, or an unknown or revoked one: 401.
        case unauthenticated
        /// A known key that may not do this (a model outside its patterns): 403.
        case forbidden
        /// The key's request rate is used up: 429 with `Retry-After`.
        case rateLimited(retryAfterSeconds: Int)
        /// The key could not be checked (the database did not answer): 503, to be retried.
        case unavailable
    }

    public var kind: Kind
    /// Shown to the client; never contains the presented key.
    public var message: String

    public init(_ kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }
}

/// The one place a request's credentials are checked. `serve --no-auth` uses `OpenGatewayAuthenticator`; keyed
/// serving plugs in the store-backed implementation.
public protocol GatewayAuthenticator: Sendable {
    func authenticate(_ credentials: GatewayCredentials) async -> Result<GatewayCaller, GatewayDenial>
}

/// `--no-auth` (loopback only): every request is let in, whatever it presents.
public struct OpenGatewayAuthenticator: GatewayAuthenticator {
    public init() {}

    public func authenticate(_ credentials: GatewayCredentials) async -> Result<GatewayCaller, GatewayDenial> {
        .success(.anonymous)
    }
}
