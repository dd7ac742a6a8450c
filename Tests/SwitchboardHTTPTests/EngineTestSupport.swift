import Foundation
import SwitchboardCore
import XCTest

/// Runs a turn to the end and keeps every event and the streamed text.
func collectTurn(_ engine: RoutingEngine, _ turn: TurnRequest) async throws -> (events: [EngineEvent], text: String) {
    var events: [EngineEvent] = []
    var text = ""
    for try await event in engine.run(turn) {
        events.append(event)
        if case .delta(let delta) = event { text += delta }
    }
    return (events, text)
}

/// The turn's `.finished` summary, failing the test when the turn did not finish.
func finishedSummary(_ events: [EngineEvent], file: StaticString = #filePath, line: UInt = #line) throws -> TurnSummary {
    for case .finished(let summary) in events { return summary }
    XCTFail("no finished event in \(events)", file: file, line: line)
    throw XCTSkip("no summary")
}

func perMillion(_ text: String) -> Decimal? {
    Decimal(string: text).map { $0 / 1_000_000 }
}
