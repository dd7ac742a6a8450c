import Foundation
@testable import SwitchboardCore
import XCTest

final class EndpointURLsTests: XCTestCase {
    func testTheCachedURLIsTheOneFoundationBuilds() throws {
        for base in ["https://api.openai.com/v1", "http://127.0.0.1:8080/v1/", "https://openrouter.ai/api/v1"] {
            let url = try XCTUnwrap(URL(string: base))
            XCTAssertEqual(EndpointURLs.url(url, appending: "chat/completions"), url.appendingPathComponent("chat/completions"))
            // The second call comes from the cache and is the same URL.
            XCTAssertEqual(EndpointURLs.url(url, appending: "chat/completions").absoluteString,
                           url.appendingPathComponent("chat/completions").absoluteString)
        }
    }

    func testDifferentBasesAndPathsNeverShareAnEntry() throws {
        let one = try XCTUnwrap(URL(string: "http://a.test/v1"))
        let two = try XCTUnwrap(URL(string: "http://a.test/v1/x"))
        XCTAssertEqual(EndpointURLs.url(one, appending: "x/y").absoluteString, "http://a.test/v1/x/y")
        XCTAssertEqual(EndpointURLs.url(two, appending: "y").absoluteString, "http://a.test/v1/x/y")
        XCTAssertEqual(EndpointURLs.url(one, appending: "y").absoluteString, "http://a.test/v1/y")
    }
}
