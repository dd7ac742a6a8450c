import Foundation
import SwitchboardCore

/// `serve` without `--no-auth`: a request needs a live virtual key (`switchboard keys create`), sent as
/// `Authorization: Bearer sb-…` or `x-api-key: sb-…`. Unknown, malformed and revoked keys get the same 401, so
/// the answer tells nothing about which keys exist; a key over its `--rpm` gets 429 with `Retry-After`. The key is
/// never logged nor put in a message. Its model patterns are checked when the model is known (`GatewayCaller`).
public struct KeyedGatewayAuthenticator: GatewayAuthenticator {
    private let keys: any GatewayKeyStore
    private let rates: AuthRateWindow

    public init(keys: any GatewayKeyStore) {
        self.init(keys: keys, rates: AuthRateWindow())
    }

    init(keys: any GatewayKeyStore, rates: AuthRateWindow) {
        self.keys = keys
        self.rates = rates
    }

    public func authenticate(_ credentials: GatewayCredentials) async -> Result<GatewayCaller, GatewayDenial> {
        guard let presented = credentials.key, !presented.isEmpty else {
            return .failure(GatewayDenial(.unauthenticated, message: """
                this gateway needs a virtual key: send 'Authorization: Bearer sb-…' or 'x-api-key: sb-…' \
                (create one with `switchboard keys create NAME`)
                """))
        }
        let key: GatewayKey?
        do {
            key = try await keys.authenticate(presented)
        } catch {
            return .failure(GatewayDenial(.unavailable, message: "the key could not be checked: the history database did not answer (\(error))"))
        }
        guard let key else {
            return .failure(GatewayDenial(.unauthenticated, message: "the key is not valid or has been revoked"))
        }
        if let rpm = key.limits.rpm, let wait = rates.admit(key: key.id, limit: rpm) {
            return .failure(GatewayDenial(.rateLimited(retryAfterSeconds: wait),
                                          message: "key '\(key.name)' may make \(rpm) requests per minute; try again in \(wait) s"))
        }
        return .success(GatewayCaller(key: key))
    }
}

extension GatewayCaller {
    /// The caller a virtual key makes.
    public init(key: GatewayKey) {
        self.init(keyID: String(key.id), name: key.name, allowedModels: key.limits.models)
        self.key = key
    }

    /// Nil when the caller may ask for `model` (as the client named it), else the 403 saying which patterns the
    /// key allows.
    public func denial(forModel model: String) -> GatewayDenial? {
        guard let key, !key.limits.allows(model: model) else { return nil }
        return GatewayDenial(.forbidden, message: """
            key '\(key.name)' may not use '\(model)': it allows \(key.limits.models.joined(separator: ", "))
            """)
    }
}
