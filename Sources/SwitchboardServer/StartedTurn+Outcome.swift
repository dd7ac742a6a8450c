import SwitchboardCore

extension StartedTurn {
    /// Runs the turn to its end for a whole (not streamed) answer: the facts its headers carry and its final event
    /// (`.finished` or `.failed`; nil if the stream ended without one). A client that goes away cancels the turn.
    func outcome() async -> (facts: GatewayRouteFacts, outcome: EngineEvent?) {
        let run = self.run
        return await withTaskCancellationHandler {
            var facts = GatewayRouteFacts(requestID: run.id)
            var outcome: EngineEvent?
            let cursor = EngineEventCursor(run.events)
            while let event = await cursor.next() {
                facts.note(event)
                switch event {
                case .finished, .failed: outcome = event
                default: break
                }
            }
            return (facts, outcome)
        } onCancel: {
            run.cancel()
        }
    }
}
