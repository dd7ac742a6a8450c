import HTTPTypes
@testable import SwitchboardServer
import XCTest

/// The key a request presents: a Bearer token (the scheme in any case, blanks around the token dropped) or an
/// `x-api-key` header; any other scheme presents nothing.
final class GatewayCredentialsTests: XCTestCase {
    private func credentials(authorization: String? = nil, apiKey: String? = nil) throws -> GatewayCredentials {
        var fields = HTTPFields()
        if let authorization { fields[.authorization] = authorization }
        if let apiKey { fields[try XCTUnwrap(HTTPField.Name("x-api-key"))] = apiKey }
        return GatewayCredentials(headers: fields)
    }

    func testABearerTokenInAnyCaseWithoutTheBlanksAroundIt() throws {
        XCTAssertEqual(try credentials(authorization: "Bearer sk-sb-1").bearer, "sk-sb-1")
        XCTAssertEqual(try credentials(authorization: "bEARER   sk-sb-1 \t").bearer, "sk-sb-1")
        XCTAssertEqual(try credentials(authorization: "Bearer sk-ünï").bearer, "sk-ünï")
    }

    func testOtherSchemesPresentNoBearer() throws {
        for value in ["Basic c2s6", "Bearer", "Bearer   ", "Bearer\tsk-sb-1", "Bearerx sk", "Beare rsk-sb-1", "sk-sb-1"] {
            XCTAssertNil(try credentials(authorization: value).bearer, value)
        }
    }

    func testTheAPIKeyHeaderAndWhichKeyWins() throws {
        let both = try credentials(authorization: "Bearer sk-a", apiKey: "sk-b")
        XCTAssertEqual(both.apiKey, "sk-b")
        XCTAssertEqual(both.key, "sk-a", "the Bearer token is the presented key when both are sent")
        XCTAssertEqual(try credentials(apiKey: "sk-b").key, "sk-b")
        XCTAssertNil(try credentials().key)
    }
}
