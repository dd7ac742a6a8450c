import Foundation
import Hummingbird

/// Carries the conversation a request names (`X-Switchboard-Session`) to the turn it starts, and the session
/// the turn was recorded in back to the response as `x-switchboard-session`, so a person can
/// `switchboard history show` it. Endpoints never deal with either header.
struct GatewaySessionMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        context.sessionSlot.requested = request.headers[GatewaySessionID.header]
        var response = try await next(request, context)
        if let session = context.sessionSlot.session {
            response.headers[GatewaySessionID.header] = session.uuidString.lowercased()
        }
        return response
    }
}

/// One request's conversation name in, its session out: a reference the request context shares with the turn
/// it starts (the context itself is copied on the way down).
public final class GatewaySessionSlot: @unchecked Sendable {
    private let lock = NSLock()
    private var storedRequested: String?
    private var storedSession: UUID?

    public init() {}

    /// The `X-Switchboard-Session` header as sent.
    public var requested: String? {
        get { lock.withLock { storedRequested } }
        set { lock.withLock { storedRequested = newValue } }
    }

    /// The session the request's turn is recorded in, once it is known.
    public var session: UUID? {
        get { lock.withLock { storedSession } }
        set { lock.withLock { storedSession = newValue } }
    }
}
