import Foundation
import SwitchboardCore
import SwitchboardPostgres

/// Hold + settle on PostgreSQL: 2,000 sequential pairs (after 200 to warm up) on one instance, global caps (day and
/// month scopes) and then a gateway key's (day, month, key day, key month), each pair timed from the reserve call to
/// the settle's return. The goal is p99 under 2 ms on loopback.
///
/// SWITCHBOARD_BENCH_POSTGRES_URL names the database (one of its own: the bench leaves budget rows in it).
enum PostgresBudgetBenchmark {
    static let pairs = ProcessInfo.processInfo.environment["SWITCHBOARD_BENCH_PAIRS"].flatMap(Int.init) ?? 2_000
    static let warmup = 200

    static func run() async throws {
        guard let text = ProcessInfo.processInfo.environment["SWITCHBOARD_BENCH_POSTGRES_URL"] else {
            print("postgres-budget: skipped (set SWITCHBOARD_BENCH_POSTGRES_URL=postgres://USER:PASSWORD@HOST/DB, "
                + "a database of its own)")
            return
        }
        let store = try await PostgresStore.open(url: text)
        do {
            print("Postgres budget hold + settle at \(store.url), \(pairs) sequential pairs:")
            let global = BudgetPolicy(limits: BudgetLimits(daily: Money(1_000_000), monthly: Money(1_000_000)))
            try await measure("global caps", store) { decide in try await store.reserve(session: nil, decide: decide(global)) }
            let keyID = try await benchKey(store)
            let key = GatewayKeyBudget(id: keyID, name: "bench", daily: Money(1_000_000), monthly: Money(1_000_000))
            let keyed = BudgetPolicy(limits: BudgetLimits(daily: Money(1_000_000)), key: key)
            try await measure("key + global caps", store) { decide in
                try await store.reserve(session: nil, key: key, turn: UUID(), decide: decide(keyed))
            }
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    private typealias Decide = @Sendable (BudgetSpend) throws -> (Money?, BudgetPolicy.Decision)

    private static func measure(_ name: String, _ store: PostgresStore,
                                reserve: ((BudgetPolicy) -> Decide) async throws -> (hold: Int64?, decision: BudgetPolicy.Decision))
        async throws {
        let cost = Money(Decimal(string: "0.0123") ?? 0)
        let decide: (BudgetPolicy) -> Decide = { policy in
            { spend in
                switch policy.check(worstCase: cost, spend: spend, label: "bench") {
                case .fits(let reserve, let warnings): (reserve, .fits(reserve: reserve, warnings: warnings))
                case .exceeds(_, let message): (nil, .block(message))
                }
            }
        }
        let clock = ContinuousClock()
        var times: [Duration] = []
        times.reserveCapacity(pairs)
        for index in 0..<(warmup + pairs) {
            let started = clock.now
            let (hold, decision) = try await reserve(decide)
            guard let hold else { throw BenchFailure(message: "refused: \(decision)") }
            try await store.settle(hold, actual: cost)
            if index >= warmup { times.append(started.duration(to: clock.now)) }
        }
        times.sort()
        func at(_ share: Double) -> String {
            let value = times[min(times.count - 1, Int(Double(times.count) * share))]
            return String(format: "%.3f ms", Double(value.components.attoseconds) / 1e15 + Double(value.components.seconds) * 1000)
        }
        print("  \(name): p50 \(at(0.50)), p99 \(at(0.99)), max \(at(1.0))")
    }

    /// The key the keyed pairs count against (keys are rows of their own; made once, then reused).
    private static func benchKey(_ store: PostgresStore) async throws -> Int64 {
        if let existing = try await store.gatewayKeys().first(where: { $0.key.name == "bench-budget" }) {
            return existing.key.id
        }
        return try await store.createGatewayKey(name: "bench-budget", limits: GatewayKeyLimits(),
                                                stored: GatewayKeySecret.generate().stored, at: Date()).id
    }

    struct BenchFailure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
