import ArgumentParser
import Foundation
import SwitchboardCore

/// Drives one engine stream for `ask`: prints as events arrive, handles Ctrl-C, and says how the turn ended.
enum AskRun {
    enum Outcome {
        /// `unmatched`: the reply ended but is not JSON matching `--schema`.
        case complete, incomplete, failed, unmatched

        var exitCode: Int32 {
            switch self {
            case .complete: 0
            case .failed: 3
            case .incomplete: 4
            case .unmatched: AskSchema.mismatchExitCode
            }
        }
    }

    static func stream(_ turn: TurnRequest, on engine: RoutingEngine, printer: AskPrinter, recorder: TurnRecorder?,
                       schema: AskSchema? = nil, cancel: @escaping @Sendable () -> Void) async throws -> Outcome {
        let consumer = Task { () throws -> Outcome in
            var outcome = Outcome.failed
            var stopped = false
            do {
                try await TurnRecorder.run(turn, on: engine, recorder: recorder) { event in
                    printer.handle(event)
                    // Nobody can read the rest: stop the turn, so it is recorded (cancelled) with what arrived.
                    if !stopped, Console.outputFailure != nil {
                        stopped = true
                        cancel()
                    }
                    switch event {
                    case .finished(let summary):
                        outcome = summary.complete ? check(summary, against: schema) : .incomplete
                    case .failed: outcome = .failed
                    default: break
                    }
                }
            } catch let error as RoutingError {
                throw CLIError.usage("\(error)")
            }
            return outcome
        }
        // Ctrl-C cancels the turn; the engine stops the request and still reports what arrived, as incomplete.
        signal(SIGINT, SIG_IGN)
        let interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        interrupt.setEventHandler { cancel() }
        interrupt.resume()
        defer { interrupt.cancel() }
        return try await consumer.value
    }

    /// A complete reply checked against `--schema`: each problem on stderr, and `unmatched` when there is one.
    /// A reply that only calls tools asked for something else instead, so there is nothing to check.
    static func check(_ summary: TurnSummary, against schema: AskSchema?) -> Outcome {
        guard let schema, !(summary.text.isEmpty && !summary.toolCalls.isEmpty) else { return .complete }
        let problems = schema.problems(in: summary.text)
        guard !problems.isEmpty else { return .complete }
        Console.error("the reply does not match the schema \"\(schema.name)\":")
        for problem in problems { Console.note("  " + problem) }
        return .unmatched
    }
}
