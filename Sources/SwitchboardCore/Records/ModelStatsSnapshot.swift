/// What the ledger has seen of one model lately, summed over its providers: the workbench's picker and sidebar.
public struct ModelStatsSnapshot: Sendable, Equatable {
    public var requests: Int
    /// The median time to first token of the provider that served the model most.
    public var p50TTFT: Duration?
    /// Failed attempts / all attempts, 0...1.
    public var errorRate: Double

    public init(requests: Int, p50TTFT: Duration?, errorRate: Double) {
        self.requests = requests
        self.p50TTFT = p50TTFT
        self.errorRate = errorRate
    }
}
