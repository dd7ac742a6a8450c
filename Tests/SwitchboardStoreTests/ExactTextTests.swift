import Foundation
import GRDB
import XCTest
@testable import SwitchboardStore
import SwitchboardCore

/// Text is stored byte for byte, NUL included, and stays searchable.
final class ExactTextTests: XCTestCase {
    func testNULInMessagesTitlesAndSystemPromptsRoundTrips() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let prompt = "before\0after the nul"
        let session = try store.createSession(firstPrompt: "title\0tail", model: nil, systemPrompt: "be\0exact")
        let turn = UUID()
        let user = try store.appendUserMessage(session: session.id, turn: turn, text: prompt)
        let reply = try store.beginAssistantMessage(session: session.id, turn: turn, parent: user, requestedModel: nil)
        try store.checkpoint(reply, text: "partial\0")
        XCTAssertEqual(try store.messages(in: session.id).last?.text, "partial\0")
        try store.finishAssistantMessage(reply, AssistantCompletion(text: "reply\0\0end", status: .complete))

        XCTAssertEqual(try store.messages(in: session.id).map(\.text), [prompt, "reply\0\0end"])
        XCTAssertEqual(try store.session(session.id)?.title, "title\0tail")
        XCTAssertEqual(try store.session(session.id)?.systemPrompt, "be\0exact")
        XCTAssertEqual(try store.conversation(in: session.id).count, 3)

        let hits = try store.search("nul")
        XCTAssertEqual(hits.map(\.messageID), [user], "words after a NUL are indexed")
        XCTAssertEqual(try store.search("\"after the\"").map(\.messageID), [user], "phrases are checked on the whole text")
    }

    func testEmptyTextStaysEmptyNotNull() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let session = try store.createSession(firstPrompt: "", model: nil, systemPrompt: "")
        let reply = try store.beginAssistantMessage(session: session.id, turn: UUID(), parent: nil, requestedModel: nil)
        try store.checkpoint(reply, text: "")
        XCTAssertEqual(try store.messages(in: session.id).map(\.text), [""])
        XCTAssertEqual(try store.session(session.id)?.systemPrompt, "")
    }

    func testExportImportKeepsNULs() throws {
        let directory = try TemporaryDirectory()
        let source = try SQLiteStore(url: directory.file("source.sqlite"))
        let session = try source.createSession(firstPrompt: "a\0b", model: nil, systemPrompt: "s\0p")
        try source.storeTurn(session: session.id, prompt: "x\0y", reply: "z\0w")
        let exported = try source.exportJSON(session.id)
        XCTAssertTrue(String(decoding: exported, as: UTF8.self).contains("x\\u0000y"))
        let target = try SQLiteStore(url: directory.file("target.sqlite"))
        try target.importJSON(exported)
        XCTAssertEqual(try target.messages(in: session.id).map(\.text), ["x\0y", "z\0w"])
        XCTAssertEqual(try target.exportJSON(session.id), exported)
    }
}

/// Text without a NUL goes to SQLite as the string itself (no copy into a `Data` on every checkpoint); only text
/// holding a NUL takes the byte path.
final class ExactTextBindingTests: XCTestCase {
    func testTextWithoutNULBindsAsTextAndWithNULAsBytes() {
        XCTAssertEqual(ExactText.bind("plain text, 数据库 and emoji 🙂"), "plain text, 数据库 and emoji 🙂".databaseValue)
        XCTAssertEqual(ExactText.bind(""), "".databaseValue)
        XCTAssertEqual(ExactText.bind("a\0b"), Data("a\0b".utf8).databaseValue)
        XCTAssertEqual(ExactText.bind("\0"), Data([0]).databaseValue)
    }

    func testNULIsFoundInNonContiguousText() {
        let bridged = NSString(string: "before\0after") as String
        XCTAssertTrue(ExactText.containsNUL(bridged))
        XCTAssertFalse(ExactText.containsNUL(NSString(string: "no nul here") as String))
    }
}
