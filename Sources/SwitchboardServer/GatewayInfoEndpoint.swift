import Foundation
import Hummingbird
import SwitchboardCore

/// `GET /health` and `GET /v1/models`.
struct GatewayInfoEndpoint: GatewayEndpoint {
    func register(on router: Router<GatewayRequestContext>, gateway: GatewayContext) {
        router.get("/health") { _, _ -> Response in
            let body = #"{"status":"ok","in_flight":\#(gateway.turns.count)}"#
            return GatewayResponse.json(status: .ok, body: Array(body.utf8))
        }
        router.get("/v1/models") { request, _ -> Response in
            if case .failure(let denial) = await gateway.authorize(request) {
                return OpenAIChatErrors.response(.denial(denial))
            }
            return GatewayResponse.json(status: .ok, body: ModelList.bytes(gateway))
        }
    }
}
