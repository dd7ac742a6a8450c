import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

/// `/attach PATH`, pasted paths, the chips above the box and on the sent message, and what goes to the model.
final class AttachmentTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tui-attach-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: directory)
    }

    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 7, count: 120 * 1024 - 8)

    private func file(_ name: String, _ data: Data) throws -> String {
        let url = directory.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }

    /// Runs the effects `update` asked for the way the effect runner does, and feeds their actions back.
    private func perform(_ effects: [Effect], _ state: inout AppState) {
        for case .readAttachment(let path, let pasted) in effects {
            perform(update(&state, AttachmentReader.read(path, pasted: pasted, home: directory.path)), &state)
        }
    }

    private func command(_ line: String, _ state: inout AppState) {
        _ = update(&state, .typeText(line))
        perform(update(&state, .command(.send)), &state)
    }

    func testAttachReadsTheFileIntoAChipAndClearsTheCommandLine() throws {
        var state = Fixtures.state()
        let path = try file("shot.png", Self.png)
        _ = update(&state, .typeText("/attach " + path))
        let effects = update(&state, .command(.send))
        XCTAssertEqual(effects.map(\.name), ["readAttachment"])
        XCTAssertEqual(state.input.text, "/attach " + path, "kept until the file is read")
        perform(effects, &state)
        XCTAssertEqual(state.attachments.map(\.chip), ["[📎 shot.png 120 KB]"])
        XCTAssertEqual(state.attachments.first?.part, .image(ImagePart(data: Self.png, mediaType: "image/png")))
        XCTAssertEqual(state.input.text, "")
        XCTAssertEqual(state.status?.level, .info)
    }

    func testAPathWithSpacesIsTakenWhole() throws {
        var state = Fixtures.state()
        let path = try file("my notes, v2.txt", Data("hello".utf8))
        command("/attach " + path, &state)
        XCTAssertEqual(state.attachments.map(\.name), ["my notes, v2.txt"])
        XCTAssertEqual(state.attachments.first?.part,
                       .document(DocumentPart(data: Data("hello".utf8), mediaType: "text/plain", name: "my notes, v2.txt")))
    }

    func testAMissingFileSaysSoAndKeepsTheLineToFix() {
        var state = Fixtures.state()
        let path = directory.appendingPathComponent("nope.png").path
        command("/attach " + path, &state)
        XCTAssertTrue(state.attachments.isEmpty)
        XCTAssertEqual(state.status?.level, .error)
        XCTAssertEqual(state.status?.text, "cannot attach \(path): cannot read the file (No such file or directory)")
        XCTAssertEqual(state.input.text, "/attach " + path)
    }

    func testATooBigFileNamesItsSizeAndTheLimit() throws {
        var state = Fixtures.state()
        let path = try file("big.log", Data(repeating: 0x61, count: 1024 * 1024 + 1))
        command("/attach " + path, &state)
        XCTAssertTrue(state.attachments.isEmpty)
        XCTAssertEqual(state.status?.text, "cannot attach \(path): the text file is 1.0 MB (1048577 bytes), over the "
                       + "1 MB limit for text files")
    }

    func testAnUnknownBinaryTypeIsRefused() throws {
        var state = Fixtures.state()
        let path = try file("blob.bin", Data([0x00, 0x01, 0x02, 0xFF]))
        command("/attach " + path, &state)
        XCTAssertTrue(state.attachments.isEmpty)
        XCTAssertEqual(state.status?.text, "cannot attach \(path): not a supported file type (images: PNG, JPEG, GIF, WebP; PDF; or UTF-8 text)")
    }

    func testAttachClearAndTheKeyDropThePendingFiles() throws {
        var state = Fixtures.state()
        let path = try file("a.png", Self.png)
        command("/attach " + path, &state)
        command("/attach " + path, &state)
        XCTAssertEqual(state.attachments.count, 2)
        command("/attach clear", &state)
        XCTAssertTrue(state.attachments.isEmpty)
        XCTAssertEqual(state.status?.text, "dropped 2 attachments")

        command("/attach " + path, &state)
        _ = update(&state, .typeText("draft"))
        let action = KeyRouter.action(for: .ctrl("x"), state: state, keymap: .standard)
        guard case .command(let dropping)? = action else { return XCTFail("Ctrl-X gave \(String(describing: action))") }
        _ = update(&state, .command(dropping))
        XCTAssertTrue(state.attachments.isEmpty)
        XCTAssertEqual(state.input.text, "draft", "the draft is not touched")
    }

    func testAPastedPathOfAFileAttachesItAndLeavesTheDraftAlone() throws {
        var state = Fixtures.state()
        let path = try file("diagram.png", Self.png)
        _ = update(&state, .typeText("look at this: "))
        let effects = update(&state, .paste("'\(path)'"))
        XCTAssertEqual(effects.map(\.name), ["readAttachment"])
        perform(effects, &state)
        XCTAssertEqual(state.attachments.map(\.name), ["diagram.png"])
        XCTAssertEqual(state.input.text, "look at this: ")
    }

    func testAPastedHomePathAndAFileURLAreFilesToo() throws {
        var state = Fixtures.state()
        _ = try file("a.png", Self.png)
        perform(update(&state, .paste("~/a.png")), &state)
        perform(update(&state, .paste(directory.appendingPathComponent("a.png").absoluteString)), &state)
        XCTAssertEqual(state.attachments.map(\.name), ["a.png", "a.png"])
    }

    func testAPastedPathWithNoFileThereIsPastedAsText() {
        var state = Fixtures.state()
        perform(update(&state, .paste("/usr/bin/definitely-not-here-42")), &state)
        XCTAssertTrue(state.attachments.isEmpty)
        XCTAssertEqual(state.input.text, "/usr/bin/definitely-not-here-42")
        XCTAssertTrue(update(&state, .paste("two\nlines")).isEmpty, "text that is no path is pasted at once")
    }

    func testAPastedPathOfABadFileSaysWhyAndKeepsTheDraft() throws {
        var state = Fixtures.state()
        let path = try file("blob.bin", Data([0, 1, 2]))
        _ = update(&state, .typeText("draft"))
        perform(update(&state, .paste(path)), &state)
        XCTAssertEqual(state.status?.level, .error)
        XCTAssertEqual(state.input.text, "draft")
    }

    func testTheMessageCarriesTheFilesAsPartsAndKeepsItsChips() throws {
        var state = Fixtures.state()
        let path = try file("shot.png", Self.png)
        command("/attach " + path, &state)
        let (_, effects) = Fixtures.send("what is this?", &state)
        guard case .startTurn(_, let request, _)? = effects.first(where: { $0.name == "startTurn" }) else {
            return XCTFail("no turn started: \(effects.map(\.name))")
        }
        XCTAssertEqual(request.messages.last?.parts, [.image(ImagePart(data: Self.png, mediaType: "image/png")),
                                                     .text("what is this?")])
        XCTAssertTrue(state.attachments.isEmpty, "sent with this message, not the next")
        let user = try XCTUnwrap(state.transcript.entries.last { $0.kind == .user })
        XCTAssertEqual(user.attachments.map(\.chip), ["[📎 shot.png 120 KB]"])
        XCTAssertEqual(state.transcript.chatMessages.first?.parts.count, 2, "later turns send the file again")
    }

    func testFilesAloneMakeAMessage() throws {
        var state = Fixtures.state()
        command("/attach " + (try file("shot.png", Self.png)), &state)
        let effects = update(&state, .command(.send))
        XCTAssertEqual(effects.map(\.name), ["persistUserMessage", "startTurn"])
        XCTAssertEqual(state.sessionTitle, "shot.png")
    }

    func testChipsShowAboveTheMessageBoxAndOnTheSentMessage() throws {
        var state = Fixtures.state(width: 60, height: 20)
        let path = try file("shot.png", Self.png)
        command("/attach " + path, &state)
        command("/attach " + (try file("notes.txt", Data(repeating: 0x61, count: 300))), &state)
        var buffer = ScreenBuffer(size: state.size)
        let rect = state.screen.input
        InputBoxView(state).render(in: rect, into: &buffer)
        XCTAssertEqual(rect.height, 3, "the rule, the chips and one line of text")
        XCTAssertEqual(buffer.lines()[rect.y + 1], " [📎 shot.png 120 KB] [📎 notes.txt 300 B] · Ctrl-X drops")
        XCTAssertEqual(buffer.lines()[rect.y + 2], "  Type a message…")

        _ = Fixtures.completeTurn("compare them", answer: "Done.", &state)
        let screen = Fixtures.rendered(state).map { $0.trimmingCharacters(in: .whitespaces) }
        let you = try XCTUnwrap(screen.firstIndex { $0.hasPrefix("▍You") })
        XCTAssertTrue(screen[you + 1].hasPrefix("[📎 shot.png 120 KB] [📎 notes.txt 300 B]"), screen[you + 1])
        XCTAssertTrue(screen[you + 2].hasPrefix("compare them"), screen[you + 2])
    }

    func testChipSizes() {
        XCTAssertEqual(Attachment.size(300), "300 B")
        XCTAssertEqual(Attachment.size(120 * 1024), "120 KB")
        XCTAssertEqual(Attachment.size(3 * 1024 * 1024 + 400 * 1024), "3.4 MB")
    }
}
