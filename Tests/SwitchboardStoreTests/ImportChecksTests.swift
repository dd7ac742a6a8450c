import XCTest
@testable import SwitchboardStore
import SwitchboardCore

/// `history import` refuses, whole, an archive with a number out of range, naming where and which field.
final class ImportChecksTests: XCTestCase {
    private var directory: TemporaryDirectory!
    private var target: SQLiteStore!
    private var good: [String: Any] = [:]

    /// An archive of one turn with one attempt, exported from a real store, as JSON objects to tamper with.
    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
        let source = try SQLiteStore(url: directory.file("source.sqlite"))
        let session = try source.createSession(firstPrompt: "budget", model: nil)
        try source.storeTurn(session: session.id, prompt: "budget", reply: "fine", at: Date().addingTimeInterval(-60))
        good = try XCTUnwrap(JSONSerialization.jsonObject(with: source.exportJSON(session.id)) as? [String: Any])
        target = try SQLiteStore(url: directory.file("target.sqlite"))
    }

    /// Imports `good` changed by `change`; returns the refusal's text, or nil when it imported.
    private func importing(_ change: (inout [String: Any]) -> Void) throws -> String? {
        var object = good
        change(&object)
        do {
            try target.importJSON(try JSONSerialization.data(withJSONObject: object))
            return nil
        } catch let error as StoreError {
            guard case .invalidImport = error else { XCTFail("unexpected \(error)"); return nil }
            return error.description
        }
    }

    private func changeMessage(_ index: Int, _ object: inout [String: Any], _ change: (inout [String: Any]) -> Void) {
        var metadata = object["metadata"] as? [[String: Any]] ?? []
        change(&metadata[index])
        object["metadata"] = metadata
    }

    private func changeAttempt(_ object: inout [String: Any], _ change: (inout [String: Any]) -> Void) {
        changeMessage(1, &object) { message in
            var attempts = message["attempts"] as? [[String: Any]] ?? []
            change(&attempts[0])
            message["attempts"] = attempts
        }
    }

    func testTheUntouchedArchiveImports() throws {
        XCTAssertNil(try importing { _ in })
    }

    func testNegativeCostCannotLowerTheSpend() throws {
        let refusal = try importing { object in
            changeAttempt(&object) { $0["cost"] = "-1000000" }
        }
        let text = try XCTUnwrap(refusal, "a negative cost was imported")
        XCTAssertTrue(text.contains("message 2 attempt 1 cost") && text.contains("negative"), text)
        XCTAssertEqual(try target.listSessions(), [], "nothing is imported")
        XCTAssertEqual(try target.spend(by: .model).total.requests, 0)

        XCTAssertNotNil(try importing { object in changeMessage(1, &object) { $0["cost"] = "-0.5" } })
        XCTAssertNotNil(try importing { object in changeAttempt(&object) { $0["cost_reported"] = "-1" } })
        XCTAssertNotNil(try importing { object in changeAttempt(&object) { $0["cost"] = "NaN" } })
        XCTAssertNotNil(try importing { object in changeAttempt(&object) { $0["cost"] = "inf" } })
        XCTAssertNotNil(try importing { object in changeAttempt(&object) { $0["cost"] = "99999999999" } })
    }

    func testNegativeOrHugeTokenCountsAreRefused() throws {
        let negative = try importing { object in
            changeAttempt(&object) { attempt in
                var usage = attempt["usage"] as? [String: Any] ?? [:]
                usage["output"] = -5
                attempt["usage"] = usage
            }
        }
        XCTAssertTrue(try XCTUnwrap(negative).contains("usage.output"), negative ?? "")
        let huge = try importing { object in
            changeMessage(1, &object) { message in
                var usage = message["usage"] as? [String: Any] ?? [:]
                usage["input"] = Int.max
                message["usage"] = usage
            }
        }
        XCTAssertNotNil(huge, "Int.max tokens would overflow the totals")
    }

    func testNegativeOrAbsurdTimingsAreRefused() throws {
        let ttft = try importing { object in changeMessage(1, &object) { $0["ttft_ms"] = Int64.min } }
        XCTAssertTrue(try XCTUnwrap(ttft).contains("ttft_ms"), ttft ?? "")
        XCTAssertNotNil(try importing { object in changeAttempt(&object) { $0["ttft_ms"] = -1 } })
        XCTAssertNotNil(try importing { object in changeAttempt(&object) { $0["duration_ms"] = Int64.max } })
        XCTAssertNotNil(try importing { object in changeMessage(1, &object) { $0["duration_ms"] = 86_400_001 } })
        XCTAssertNotNil(try importing { object in changeAttempt(&object) { $0["http_status"] = 7 } })
        XCTAssertNotNil(try importing { object in changeAttempt(&object) { $0["ordinal"] = -3 } })
    }

    func testOutOfRangeTimesAreRefused() throws {
        let future = try importing { object in changeAttempt(&object) { $0["started_at"] = "9999-12-31T23:59:59.000Z" } }
        XCTAssertTrue(try XCTUnwrap(future).contains("attempt 1 started_at"), future ?? "")
        XCTAssertNotNil(try importing { $0["created_at"] = "1969-07-20T20:17:00.000Z" })
        XCTAssertNotNil(try importing { object in changeMessage(0, &object) { $0["updated_at"] = "0001-01-01T00:00:00Z" } })
        XCTAssertEqual(try target.listSessions(), [])
    }
}
