import XCTest
@testable import SwitchboardCore

/// The fast scan reads `thoughtSignature`, `responseId` and calls whose arguments are plain (no fractions): on
/// these chunks, whole and corrupted at many places, the fast and Foundation decoders must say the same thing.
final class GeminiScanAgreementTests: XCTestCase {
    static let chunks = [
        #"{"candidates":[{"content":{"parts":[{"text":"plan","thought":true,"thoughtSignature":"VGhvdWdodA=="}],"role":"model"}}],"responseId":"r-1"}"#,
        #"{"candidates":[{"content":{"parts":[{"text":"Hi"},{"text":"","thoughtSignature":"U2ln"}],"role":"model"}}],"responseId":"r-1"}"#,
        #"{"candidates":[{"content":{"parts":[{"functionCall":{"name":"f","args":{"a":[1,2.5,"x",null,true],"b":{}}},"thoughtSignature":"Q2FsbA=="},{"functionCall":{"name":"g","args":{}}}],"role":"model"},"finishReason":"STOP"}],"responseId":"r-1"}"#,
        #"{"candidates":[{"content":{"parts":[{"inlineData":{"mimeType":"image/png","data":"iVBORw0KGgo="}},{"text":"ok","thoughtSignature":null}]}}],"responseId":null}"#,
        #"{"candidates":[{"content":{"parts":[{"functionCall":{"name":"edit","id":"c1","args":{"z":-12,"path":"C:\\tmp\n\"a\"","été":[0,true,null,{"b":false,"a":"\u00e9\ud83d\ude00"}],"n":{}}},"thoughtSignature":"U2ln"},{"functionCall":{"name":"g","args":null}},{"functionCall":{"name":"h","args":[]}}],"role":"model"}}],"responseId":"r-1"}"#,
    ]

    func testPlainThoughtAndSignatureChunksTakeTheFastPath() {
        for chunk in [Self.chunks[0], Self.chunks[1], Self.chunks[3], Self.chunks[4]] {
            XCTAssertNoThrow(try GeminiStreamDecoder.Wire.Chunk.scan(chunk), chunk)
        }
        XCTAssertThrowsError(try GeminiStreamDecoder.Wire.Chunk.scan(Self.chunks[2]), "a fraction is Foundation's")
        for args in [#"{"a":1,"a":2}"#, #"{"a":-0}"#, #"{"a":1e3}"#, #"{"a\u0062":1}"#] {
            let chunk = #"{"candidates":[{"content":{"parts":[{"functionCall":{"name":"f","args":"# + args + "}}]}}]}"
            XCTAssertThrowsError(try GeminiStreamDecoder.Wire.Chunk.scan(chunk), args)
        }
    }

    /// The previous chunk's model and response id are reused only when this chunk names the same ones.
    func testPreviousValuesAreReusedOnlyWhenEqual() throws {
        let chunk = #"{"candidates":[],"modelVersion":"gemini-2.5-pro","responseId":"r-1"}"#
        for (model, id) in [("gemini-2.5-pro", "r-1"), ("gemini-2.5-pr", "r-2"), ("gemini-2.5-proo", "r-")] {
            let read = try GeminiStreamDecoder.Wire.Chunk.scan(chunk, previousModel: model, previousResponseID: id)
            XCTAssertEqual(read.modelVersion, "gemini-2.5-pro")
            XCTAssertEqual(read.responseId, "r-1")
        }
        let none = try GeminiStreamDecoder.Wire.Chunk.scan(#"{"candidates":[]}"#, previousModel: "m", previousResponseID: "r")
        XCTAssertNil(none.modelVersion)
        XCTAssertNil(none.responseId)
    }

    /// Calls read by the scan carry the same sorted argument text Foundation's `ArgumentsText` makes.
    func testScannedCallArgumentsMatchFoundation() throws {
        let fast = try GeminiStreamDecoder.Wire.Chunk.scan(Self.chunks[4])
        let slow = try JSONDecoder().decode(GeminiStreamDecoder.Wire.Chunk.self, from: Data(Self.chunks[4].utf8))
        let fastCalls = (fast.candidates?.first?.content?.parts ?? []).map { [$0.functionCall?.name, $0.functionCall?.id, $0.functionCall?.args?.text] }
        let slowCalls = (slow.candidates?.first?.content?.parts ?? []).map { [$0.functionCall?.name, $0.functionCall?.id, $0.functionCall?.args?.text] }
        XCTAssertEqual(fastCalls, slowCalls)
        XCTAssertEqual(fastCalls.first?[2], #"{"n":{},"path":"C:\\tmp\n\"a\"","z":-12,"été":[0,true,null,{"a":"é😀","b":false}]}"#)
    }

    func testFastScanAgreesWithFoundation() {
        let trailer = "data: {\"candidates\":[{\"finishReason\":\"STOP\"}]}\n\n"
        func stream(_ items: [String]) -> [UInt8] {
            Array((items.map { "data: \($0)\n\n" }.joined() + trailer).utf8)
        }
        func check(_ bytes: [UInt8]) {
            let fast = outcome(bytes, fastScan: true), slow = outcome(bytes, fastScan: false)
            if fast != slow { XCTFail("fast \(fast) != Foundation \(slow) for \(String(decoding: bytes, as: UTF8.self))") }
        }
        check(stream(Self.chunks))
        var state: UInt64 = 11
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let alphabet = Array(#"{}[]":,0-9.e\u"ntf "#.utf8)
        for chunk in Self.chunks {
            check(stream([chunk]))
            let bytes = Array(chunk.utf8)
            for _ in 0..<200 {
                var mutated = bytes
                let position = Int(next() % UInt64(mutated.count))
                let byte = alphabet[Int(next() % UInt64(alphabet.count))]
                switch next() % 3 {
                case 0: mutated.remove(at: position)
                case 1: mutated.insert(byte, at: position)
                default: mutated[position] = byte
                }
                check(stream([String(decoding: mutated, as: UTF8.self)]))
            }
        }
    }

    private enum Outcome: Equatable {
        case events([StreamEvent])
        case failed(String)
    }

    /// Call ids made without a plain response id are random per decoder; they are compared without the id.
    private func outcome(_ bytes: [UInt8], fastScan: Bool) -> Outcome {
        let decoder = GeminiStreamDecoder(provider: "gemini", fastScan: fastScan)
        var events: [StreamEvent] = []
        do {
            events += try decoder.consume(bytes)
            events += try decoder.finish()
            return .events(events.map(Self.withoutRandomID))
        } catch {
            return .failed("\(events.map(Self.withoutRandomID)) then \(error)")
        }
    }

    private static func withoutRandomID(_ event: StreamEvent) -> StreamEvent {
        guard case .toolCall(var delta) = event, delta.id?.hasPrefix("call_r-1_") != true else { return event }
        delta.id = nil
        return .toolCall(delta)
    }
}
