import Foundation
import SwitchboardCore
import XCTest
@testable import SwitchboardServer

/// Which of a request's messages a conversation's session lacks, how a request names its conversation, and the
/// day a request without a name is grouped under.
final class GatewaySessionPlacementTests: XCTestCase {
    private func tool(_ text: String) -> ChatMessage { ChatMessage(role: .tool, text: text) }

    func testTheNewPromptsAreWhatFollowsTheLastAssistantMessage() {
        let system = ChatMessage(role: .system, text: "Be brief.")
        XCTAssertEqual(GatewaySessionPlacement.newPrompts([system, .user("one")]), [.user("one")])
        XCTAssertEqual(GatewaySessionPlacement.newPrompts([system, .user("one"), .assistant("a"), .user("two")]), [.user("two")])
        // Parallel tool results answering the last reply are all new, in order.
        XCTAssertEqual(GatewaySessionPlacement.newPrompts([.user("one"), .assistant("calls"), tool("r1"), tool("r2")]),
                       [tool("r1"), tool("r2")])
        // Two user messages sent together are both new.
        XCTAssertEqual(GatewaySessionPlacement.newPrompts([.user("one"), .user("two")]), [.user("one"), .user("two")])
        // A prefill (ending in an assistant message) stores that message, as before.
        XCTAssertEqual(GatewaySessionPlacement.newPrompts([.user("one"), .assistant("{")]), [.assistant("{")])
        XCTAssertEqual(GatewaySessionPlacement.newPrompts([]), [])
    }

    func testTheHeaderIsOneTo128PrintableCharacters() throws {
        XCTAssertEqual(try GatewaySessionID.fromHeader("trip 42 · é"), "trip 42 · é")
        XCTAssertEqual(try GatewaySessionID.fromHeader(String(repeating: "x", count: 128)).count, 128)
        for bad in ["", String(repeating: "x", count: 129), "tab\there", "bell\u{7}"] {
            XCTAssertThrowsError(try GatewaySessionID.fromHeader(bad), bad) { error in
                XCTAssertEqual((error as? GatewayError)?.status, 400)
                XCTAssertEqual((error as? GatewayError)?.code, "invalid_session")
            }
        }
    }

    func testBodyNamesInOrderMostSpecificFirst() {
        let metadata: JSONValue = .object(["user_id": .string("u"), "conversation_id": .string("c"), "session_id": .string("s")])
        XCTAssertEqual(GatewaySessionID.fromBody(metadata: metadata, user: .string("openai-user")), "s")
        XCTAssertEqual(GatewaySessionID.fromBody(metadata: .object(["user_id": .string("u"), "conversation_id": .string("c")])), "c")
        XCTAssertEqual(GatewaySessionID.fromBody(metadata: .object(["user_id": .string("u")]), user: .string("o")), "u")
        XCTAssertEqual(GatewaySessionID.fromBody(metadata: .object(["user_id": .string("u")]), promptCacheKey: .string("k")), "u")
        XCTAssertEqual(GatewaySessionID.fromBody(metadata: nil, promptCacheKey: .string("k"), user: .string("o")), "k")
        XCTAssertEqual(GatewaySessionID.fromBody(metadata: .object(["team": .string("x")]), user: .string("o")), "o")
        // Not a usable name: empty, not a string, control characters; then the next field counts.
        XCTAssertEqual(GatewaySessionID.fromBody(metadata: .object(["session_id": .string(""), "conversation_id": .number(3)]),
                                                 user: .string("o")), "o")
        XCTAssertNil(GatewaySessionID.fromBody(metadata: .object(["session_id": .string("a\nb")])))
        XCTAssertNil(GatewaySessionID.fromBody(metadata: nil))
    }

    func testTheDayIsTheCalendarsLocalDay() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try XCTUnwrap(TimeZone(identifier: "Pacific/Auckland"))
        // 2026-12-05 20:00 UTC is already the 6th in Auckland (UTC+13).
        let instant = Date(timeIntervalSince1970: 1_796_500_800)
        XCTAssertEqual(GatewaySessionPlacement.dayText(instant, calendar: calendar), "2026-12-06")
        calendar.timeZone = try XCTUnwrap(TimeZone(identifier: "UTC"))
        XCTAssertEqual(GatewaySessionPlacement.dayText(instant, calendar: calendar), "2026-12-05")
    }

    /// The text is kept for the rest of the day it was worked out for, and no longer.
    func testTheDayChangesAtLocalMidnight() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try XCTUnwrap(TimeZone(identifier: "Pacific/Auckland"))
        // 2026-12-06 10:59:59 UTC is 23:59:59 on the 6th in Auckland; a second later it is the 7th there.
        let lastSecond = Date(timeIntervalSince1970: 1_796_554_799)
        XCTAssertEqual(GatewaySessionPlacement.dayText(lastSecond.addingTimeInterval(-86_000), calendar: calendar), "2026-12-06")
        XCTAssertEqual(GatewaySessionPlacement.dayText(lastSecond, calendar: calendar), "2026-12-06")
        XCTAssertEqual(GatewaySessionPlacement.dayText(lastSecond.addingTimeInterval(1), calendar: calendar), "2026-12-07")
        XCTAssertEqual(GatewaySessionPlacement.dayText(lastSecond, calendar: calendar), "2026-12-06")
        XCTAssertEqual(GatewaySessionPlacement.dayText(Date(timeIntervalSince1970: 0), calendar: calendar), "1970-01-01")
    }
}
