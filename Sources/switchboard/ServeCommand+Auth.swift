import Foundation
import SwitchboardCore
import SwitchboardServer

// Without --no-auth every request needs a virtual key from `switchboard keys create` (issue 12 item 6).
extension ServeCommand {
    func makeAuthenticator(store: any HistoryDatabase) async throws -> any GatewayAuthenticator {
        if noAuth { return OpenGatewayAuthenticator() }
        return KeyedGatewayAuthenticator(keys: store)
    }
}
