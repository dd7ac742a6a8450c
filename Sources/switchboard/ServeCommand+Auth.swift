import Foundation
import SwitchboardCore
import SwitchboardServer

// The keyed authenticator is wired here (issue 12 item 6, virtual keys): replace `KeysRequiredAuthenticator`
// with the store-backed one.
extension ServeCommand {
    func makeAuthenticator(store: any HistoryDatabase) async throws -> any GatewayAuthenticator {
        if noAuth { return OpenGatewayAuthenticator() }
        return KeysRequiredAuthenticator()
    }
}

/// Until virtual keys exist, a server started without --no-auth admits no one, and says how to proceed.
struct KeysRequiredAuthenticator: GatewayAuthenticator {
    func authenticate(_ credentials: GatewayCredentials) async -> Result<GatewayCaller, GatewayDenial> {
        .failure(GatewayDenial(.unauthenticated, message: """
            this gateway requires a virtual key (create one with `switchboard keys create NAME`), \
            or run `switchboard serve --no-auth` on loopback
            """))
    }
}
