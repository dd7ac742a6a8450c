import Foundation
import SwitchboardCore
import SwitchboardTestSupport
import XCTest

final class OllamaFixtureEncoderTests: FixtureTestCase {
    private func lines(_ body: [UInt8]) throws -> [[String: Any]] {
        var reader = NDJSONReader()
        let lines = reader.feed(body) + reader.finish()
        return try lines.map { try TestClient.object(String(decoding: $0, as: UTF8.self)) }
    }

    func testStreamIsNDJSONEndingWithDone() async throws {
        let (response, body) = try await exchange(FixtureRequests.ollama(fixture))
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.headers["content-type"], "application/x-ndjson")
        XCTAssertEqual(body.last, UInt8(ascii: "\n"))
        let objects = try lines(body)
        XCTAssertEqual(objects.count, answer.chunks.count + 1)
        XCTAssertTrue(objects.dropLast().allSatisfy { $0["done"] as? Bool == false })
        let texts = objects.compactMap { ($0["message"] as? [String: Any])?["content"] as? String }
        XCTAssertEqual(texts.joined(), answer.text)
        let done = try XCTUnwrap(objects.last)
        XCTAssertEqual(done["done"] as? Bool, true)
        XCTAssertEqual(done["done_reason"] as? String, "stop")
        XCTAssertEqual(done["prompt_eval_count"] as? Int, answer.usage.promptTotal)
        XCTAssertEqual(done["eval_count"] as? Int, answer.usage.output)
        XCTAssertEqual(done["model"] as? String, "llama3.2")
    }

    func testErrorsAndMidStreamError() async throws {
        fixture.faults.enqueue(.status(404))
        let (missing, missingBody) = try await exchange(FixtureRequests.ollama(fixture))
        XCTAssertEqual(missing.status, 404)
        XCTAssertEqual(try TestClient.object(String(decoding: missingBody, as: UTF8.self))["error"] as? String,
                       "model \"llama3.2\" not found, try pulling it first")
        XCTAssertEqual(mappedError(missing, missingBody).kind, .notFound)

        fixture.faults.enqueue(.midStreamErrorAfter(chunks: 2))
        let (_, body) = try await exchange(FixtureRequests.ollama(fixture))
        let objects = try lines(body)
        XCTAssertEqual(objects.count, 3)
        XCTAssertNotNil(objects.last?["error"] as? String)
        XCTAssertFalse(objects.contains { $0["done"] as? Bool == true })
    }
}
