import Foundation
import Hummingbird
import SwitchboardCore

/// `POST /v1/chat/completions`: the route glue. The wire translation lives in OpenAIChatRequest (decode),
/// OpenAIChatChunks (encode) and OpenAIChatErrors.
struct OpenAIChatEndpoint: GatewayEndpoint {
    func register(on router: Router<GatewayRequestContext>, gateway: GatewayContext) {
        router.post("/v1/chat/completions") { request, _ -> Response in
            if case .failure(let denial) = await gateway.authorize(request) {
                return OpenAIChatErrors.response(.denial(denial))
            }
            return OpenAIChatErrors.response(GatewayError(status: 501, type: "server_error", message: "not yet"))
        }
    }
}
