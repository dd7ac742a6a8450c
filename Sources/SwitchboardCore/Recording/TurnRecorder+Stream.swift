/// The one loop every front end runs for a turn: engine stream in, recorder first, front end second.
extension TurnRecorder {
    /// Runs `events` to their end. Each event is stored by `recorder` before `each` shows it, so a turn that has
    /// ended on screen has ended in the store too. A stream that throws ends the stored turn as failed (with what
    /// streamed) before the error goes on. Without a recorder (no history) the events only go to `each`.
    public static func run(_ events: AsyncThrowingStream<EngineEvent, any Error>, recorder: TurnRecorder?,
                           each: (EngineEvent) async -> Void) async throws {
        do {
            for try await event in events {
                await recorder?.handle(event)
                await each(event)
            }
        } catch {
            await recorder?.abandon()
            throw error
        }
    }
}
