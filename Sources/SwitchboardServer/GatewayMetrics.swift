import Foundation
import Prometheus
import SwitchboardCore

/// What `GET /metrics` shows, in Prometheus's text format: requests by endpoint and status, errors by class,
/// time to first token and duration histograms by endpoint, spend by key, and turns in flight.
public final class GatewayMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry

    static var requests: MetricNameDescriptor { MetricNameDescriptor(namespace: "switchboard", subsystem: "gateway", metricName: "requests",
                                               unitName: "total", helpText: "Requests answered, by endpoint and HTTP status.") }
    static var errors: MetricNameDescriptor { MetricNameDescriptor(namespace: "switchboard", subsystem: "gateway", metricName: "errors",
                                             unitName: "total",
                                             helpText: "Failed requests (before or after the first byte), by endpoint and error class.") }
    static var ttft: MetricNameDescriptor { MetricNameDescriptor(namespace: "switchboard", subsystem: "gateway", metricName: "time_to_first_token",
                                           unitName: "seconds", helpText: "Time from the request to the first answer token.") }
    static var duration: MetricNameDescriptor { MetricNameDescriptor(namespace: "switchboard", subsystem: "gateway", metricName: "turn_duration",
                                               unitName: "seconds", helpText: "Time from the request to the turn's end.") }
    static var spend: MetricNameDescriptor { MetricNameDescriptor(namespace: "switchboard", subsystem: "gateway", metricName: "spend",
                                            unitName: "usd_total", helpText: "Known cost of answered turns, by virtual key.") }
    static var inFlight: MetricNameDescriptor { MetricNameDescriptor(namespace: "switchboard", subsystem: "gateway", metricName: "turns_in_flight",
                                               unitName: "count", helpText: "Turns running now.") }

    static let buckets: [Duration] = [.milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
                                      .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30),
                                      .seconds(60), .seconds(120)]

    /// The metrics already asked for, by name and labels: asking the registry builds the metric's full name and
    /// takes its lock each time (1.1% of `serve`'s CPU when done for every request).
    private let counters = MetricsMade<Counter>()
    private let histograms = MetricsMade<DurationHistogram>()

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
    }

    /// One answered request: its status, and its error class when it failed (`type` of the error body).
    public func request(endpoint: String, status: Int, errorClass: String? = nil) {
        counter(Self.requests, [("endpoint", endpoint), ("status", String(status))]).increment()
        if let errorClass { error(endpoint: endpoint, errorClass: errorClass) }
    }

    /// A failure after the head was sent (an SSE error event), or before it.
    public func error(endpoint: String, errorClass: String) {
        counter(Self.errors, [("endpoint", endpoint), ("class", errorClass)]).increment()
    }

    /// A turn's timings and known cost (an unknown cost adds nothing: it is not 0).
    public func turn(endpoint: String, summary: TurnSummary, key: String?) {
        let labels = [("endpoint", endpoint)]
        if let ttft = summary.ttft {
            histogram(Self.ttft, labels).record(ttft)
        }
        histogram(Self.duration, labels).record(summary.duration)
        if let cost = summary.cost ?? summary.reportedCost {
            let amount = NSDecimalNumber(decimal: cost.amount).doubleValue
            counter(Self.spend, [("key", key ?? "none")]).increment(by: amount)
        }
    }

    private func counter(_ descriptor: MetricNameDescriptor, _ labels: [(String, String)]) -> Counter {
        counters.metric(descriptor.metricName, labels) { registry.makeCounter(descriptor: descriptor, labels: labels) }
    }

    private func histogram(_ descriptor: MetricNameDescriptor, _ labels: [(String, String)]) -> DurationHistogram {
        histograms.metric(descriptor.metricName, labels) {
            registry.makeDurationHistogram(descriptor: descriptor, labels: labels, buckets: Self.buckets)
        }
    }

    /// The exposition text, with the in-flight gauge read now.
    public func exposition(inFlight: Int) -> [UInt8] {
        registry.makeGauge(descriptor: Self.inFlight).set(Double(inFlight))
        return registry.emitToBuffer()
    }
}

/// Metrics of one kind, each made once by the registry and then found here.
private final class MetricsMade<Metric: Sendable>: @unchecked Sendable {
    private struct Key: Hashable {
        var name: String
        var labels: [String]
    }

    private let lock = NSLock()
    private var made: [Key: Metric] = [:]

    func metric(_ name: String, _ labels: [(String, String)], make: () -> Metric) -> Metric {
        let key = Key(name: name, labels: labels.flatMap { [$0.0, $0.1] })
        return lock.withLock {
            if let metric = made[key] { return metric }
            let metric = make()
            made[key] = metric
            return metric
        }
    }
}
