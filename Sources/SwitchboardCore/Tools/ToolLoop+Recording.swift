import Foundation

extension ToolLoop {
    /// Opens and begins the recorder of a later step in `session`: its prompt is the previous step's results, and
    /// it keeps answering with the model the turn began on. Every front end that stores its steps uses this, so
    /// a step is stored the same way from `ask --mcp` and from the workbench.
    public static func beginStep(_ next: TurnRequest, results: ChatMessage, store: any SessionStore, session: UUID,
                                 requestedModel: String) async throws -> TurnRecorder {
        let opened = TurnRecorder(store: store, session: session, turn: next.id, requestedModel: requestedModel,
                                  keepsAnsweringModel: true)
        try await opened.begin(message: results)
        return opened
    }
}
