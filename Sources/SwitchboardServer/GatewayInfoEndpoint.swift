import Foundation
import Hummingbird
import SwitchboardCore

/// `GET /health`, `GET /metrics` and `GET /v1/models`.
struct GatewayInfoEndpoint: GatewayEndpoint {
    func register(on router: Router<GatewayRequestContext>, gateway: GatewayContext) {
        router.get("/health") { _, _ -> Response in
            let body = #"{"status":"ok","in_flight":\#(gateway.turns.count)}"#
            return GatewayResponse.json(status: .ok, body: Array(body.utf8))
        }
        // Prometheus text format; no key needed, like /health (it carries counts, never keys or prompts).
        router.get("/metrics") { _, _ -> Response in
            let body = gateway.metrics.exposition(inFlight: gateway.turns.count)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
        router.get("/v1/models") { request, _ -> Response in
            if case .failure(let denial) = await gateway.authorize(request) {
                return OpenAIChatErrors.response(.denial(denial))
            }
            return GatewayResponse.json(status: .ok, body: ModelList.bytes(gateway))
        }
    }
}
