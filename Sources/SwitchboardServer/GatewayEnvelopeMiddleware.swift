import Foundation
import Hummingbird
import SwitchboardCore

/// Every response carries `x-switchboard-request-id` (routes that run a turn set it to the turn's id; others get
/// a fresh one), and a request no route serves (an unknown path, a wrong method) gets a JSON error in OpenAI's
/// shape instead of an empty body.
struct GatewayEnvelopeMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError {
            let message = error.status == .notFound ? "\(request.method) \(request.uri.path) is not served here"
                : (error.body ?? error.status.reasonPhrase)
            response = OpenAIChatErrors.response(GatewayError(
                status: error.status.code, type: "invalid_request_error",
                code: error.status == .notFound ? "not_found" : nil, message: message))
        }
        if response.headers[GatewayHeaders.requestID] == nil {
            response.headers[GatewayHeaders.requestID] = RandomUUID.make().uuidString.lowercased()
        }
        return response
    }
}
