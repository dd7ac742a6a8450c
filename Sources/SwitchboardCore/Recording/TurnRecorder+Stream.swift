/// The one loop every front end runs for a turn: engine events in, recorder first, front end second.
extension TurnRecorder {
    /// Runs `turn` on `engine` in the caller's task. Each event is stored by `recorder` before `each` shows it, so
    /// a turn that has ended on screen has ended in the store too (the route decision is written alongside the
    /// request rather than before it; the end waits for it). A turn that throws ends the stored turn as
    /// failed (with what streamed) before the error goes on. Without a recorder (no history) the events only go
    /// to `each`.
    /// `decided`: the turn's route, when the caller has just decided it (`RoutingEngine.stream`).
    public static func run(_ turn: TurnRequest, decided: RouteDecision? = nil, on engine: RoutingEngine,
                           recorder: TurnRecorder?, each: (EngineEvent) async -> Void) async throws {
        try await run(recorder: recorder, each: each) { handle in
            try await engine.stream(turn, decided: decided, each: handle)
        }
    }

    /// The same for events that arrive as a stream.
    public static func run(_ events: AsyncThrowingStream<EngineEvent, any Error>, recorder: TurnRecorder?,
                           each: (EngineEvent) async -> Void) async throws {
        try await run(recorder: recorder, each: each) { handle in
            for try await event in events { await handle(event) }
        }
    }

    private static func run(recorder: TurnRecorder?, each: (EngineEvent) async -> Void,
                            source: ((EngineEvent) async -> Void) async throws -> Void) async throws {
        do {
            // `each` is only called while `source` runs; the compiler cannot see that through two closures.
            try await withoutActuallyEscaping(each) { each in
                try await source { event in
                    await recorder?.handle(event)
                    await each(event)
                }
            }
        } catch {
            await recorder?.abandon()
            throw error
        }
    }
}
