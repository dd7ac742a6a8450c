import Foundation
import SwitchboardCore
import SwitchboardHTTP
import SwitchboardTestSupport
import XCTest

/// A test case with a running `ProviderFixture` and a transport, both stopped after each test.
class FixtureTestCase: XCTestCase {
    var fixture: ProviderFixture!
    var transport: AsyncHTTPTransport!

    /// Override to start the fixture with another configuration.
    var configuration: ProviderFixture.Configuration { ProviderFixture.Configuration() }

    override func setUp() async throws {
        fixture = try await ProviderFixture.start(configuration)
        transport = AsyncHTTPTransport()
    }

    override func tearDown() async throws {
        try await transport.shutdown()
        try await fixture.shutdown()
    }

    var answer: FixtureAnswer { fixture.configuration.answer }

    func events(_ request: HTTPRequest) async throws -> (HTTPResponse, [SSEEvent]) {
        try await FixtureRequests.events(transport, request)
    }

    func exchange(_ request: HTTPRequest) async throws -> (HTTPResponse, [UInt8]) {
        try await FixtureRequests.exchange(transport, request)
    }

    /// The error Core's shared mapping makes of an error response: proves the body is in a shape it reads.
    func mappedError(_ response: HTTPResponse, _ body: [UInt8]) -> ProviderError {
        ProviderErrorMapping.makeError(provider: "fixture", status: response.status, headers: response.headers,
                                       body: body)
    }
}
