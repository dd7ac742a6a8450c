import Foundation
@testable import SwitchboardMCP
import XCTest

/// An event-stream answer is split into its events' data, as the SSE rules join them.
final class StreamableHTTPTransportTests: XCTestCase {
    func testEachEventsDataIsOneMessage() {
        let body = "event: message\r\ndata: {\"id\":1}\r\n\r\n: a comment\n\nid: 7\ndata: {\"a\":\ndata:  2}\n\n"
        let messages = StreamableHTTPTransport.events(in: Data(body.utf8)).map { String(decoding: $0, as: UTF8.self) }
        XCTAssertEqual(messages, [#"{"id":1}"#, "{\"a\":\n 2}"])
    }
}
