import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

final class TranscriptTests: XCTestCase {
    func testChatMessagesSkipDividersNoticesAndEmptyReplies() {
        var transcript = Transcript()
        transcript.append(.user, text: "hi")
        transcript.append(.assistant(ReplyMeta(requestedModel: "m")), text: "")
        transcript.append(.divider, text: "switched")
        transcript.append(.notice(.error), text: "oops")
        transcript.append(.user, text: "again")
        XCTAssertEqual(transcript.chatMessages, [.user("hi"), .user("again")])
    }

    func testCodeBlocksAreNumberedAcrossTheSession() {
        var transcript = Transcript()
        transcript.append(.user, text: "```\nmine\n```")
        let reply = transcript.append(.assistant(ReplyMeta(requestedModel: "m")), text: "")
        transcript.appendText("```a\nfirst\n```\n```b\nsecond", to: reply)
        XCTAssertEqual(transcript.codeBlockCount, 3, "the streaming reply's open block counts")
        transcript.appendText("\n```", to: reply)
        transcript.sealCodeBlocks(of: reply)
        transcript.append(.user, text: "```\nlast\n```")
        XCTAssertEqual(transcript.entries.last?.firstCodeBlock, 4)
        XCTAssertEqual(transcript.codeBlock(1)?.code, "mine")
        XCTAssertEqual(transcript.codeBlock(3)?.code, "second")
        XCTAssertEqual(transcript.codeBlock(4)?.code, "last")
        XCTAssertNil(transcript.codeBlock(5))
    }

    func testReplaceTextBumpsTheEpochOnlyOnChange() {
        var transcript = Transcript()
        let id = transcript.append(.user, text: "a")
        transcript.replaceText(of: id, with: "a")
        XCTAssertEqual(transcript.entries[0].epoch, 0)
        transcript.replaceText(of: id, with: "b")
        XCTAssertEqual(transcript.entries[0].epoch, 1)
    }

    /// Dividers and notices are shown, never sent, so the context meter does not count them.
    func testOnlyMessagesAreSentAndCounted() {
        var transcript = Transcript()
        transcript.append(.user, text: String(repeating: "a", count: 35))
        transcript.append(.divider, text: String(repeating: "b", count: 350))
        XCTAssertEqual(transcript.chatMessages, [.user(String(repeating: "a", count: 35))])
        XCTAssertEqual(RequestTokens.count(transcript.chatMessages), 14)
    }
}
