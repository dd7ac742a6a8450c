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
        var bearer: String?
        if let authorization = headers[.authorization] {
            let prefix = "bearer "
            if authorization.count > prefix.count, authorization.lowercased().hasPrefix(prefix) {
                bearer = String(authorization.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
            }
        }
        let apiKey = HTTPField.Name("x-api-key").flatMap { headers[$0] }
        self.init(bearer: bearer, apiKey: apiKey)
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
