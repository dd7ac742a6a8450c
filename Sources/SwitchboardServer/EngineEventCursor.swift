import SwitchboardCore

/// Reads a turn's events in order across the two halves of a streamed response: the route reads up to the
/// first answer byte (to choose the status and headers), the body writer reads the rest. Used by one reader at
/// a time, never concurrently.
final class EngineEventCursor: @unchecked Sendable {
    private var iterator: AsyncStream<EngineEvent>.Iterator

    init(_ events: AsyncStream<EngineEvent>) {
        iterator = events.makeAsyncIterator()
    }

    func next() async -> EngineEvent? {
        var current = iterator
        let event = await current.next()
        iterator = current
        return event
    }
}
