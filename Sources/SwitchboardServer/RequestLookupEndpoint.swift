import Foundation
import Hummingbird
import SwitchboardCore

/// `GET /v1/switchboard/requests/{id}`: a request's stored route decision, attempts and cost, found by the
/// `x-switchboard-request-id` its response carried. Any request in the database can be looked up (`ask` and
/// workbench turns too), with the same credentials as every other endpoint; errors in OpenAI's shape.
struct RequestLookupEndpoint: GatewayEndpoint {
    func register(on router: Router<GatewayRequestContext>, gateway: GatewayContext) {
        router.get("/v1/switchboard/requests/:id") { request, context -> Response in
            if case .failure(let denial) = await gateway.authorize(request) {
                return OpenAIChatErrors.response(.denial(denial))
            }
            let text = context.parameters.get("id") ?? ""
            // A request answered moments ago may still be being written: its lookup waits for that.
            if let id = UUID(uuidString: text) { await gateway.turns.ended(id) }
            return await RequestLookupEndpoint.answer(id: text, store: gateway.store)
        }
    }

    static func answer(id text: String, store: (any RequestLookup)?) async -> Response {
        guard let id = UUID(uuidString: text) else { return OpenAIChatErrors.response(notFound(text)) }
        guard let store else {
            return OpenAIChatErrors.response(GatewayError(status: 503, type: "server_error", code: "history_unavailable",
                                                          message: "serve runs without a history database: no request can be looked up"))
        }
        do {
            guard let found = try await store.storedRequest(id) else { return OpenAIChatErrors.response(notFound(text)) }
            return GatewayResponse.json(status: .ok, body: try RequestLookupJSON.body(found))
        } catch {
            return OpenAIChatErrors.response(GatewayError(status: 500, type: "server_error", code: "history_unavailable",
                                                          message: "the history database could not be read: \(error)"))
        }
    }

    static func notFound(_ text: String) -> GatewayError {
        GatewayError(status: 404, type: "invalid_request_error", code: "request_not_found",
                     message: "no request with id '\(text)' in the history database (use the x-switchboard-request-id of a response)")
    }
}
