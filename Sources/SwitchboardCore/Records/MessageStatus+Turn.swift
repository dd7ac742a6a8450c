extension MessageStatus {
    /// The one mapping from how the engine ended a turn to how its reply is stored.
    public init(_ summary: TurnSummary) {
        self = summary.complete ? .complete : summary.cancelled ? .cancelled : .incomplete
    }
}
