import Foundation

// switchboard-bench [name]: runs one benchmark, or every one with `all`. Build in release:
//   swift run -c release switchboard-bench all
let benchmarks: [(String, () async throws -> Void)] = [
    ("sse", { SSEParseBenchmark.run() }),
    ("engine", { try await EngineOverheadBenchmark.run() }),
    ("routing", { try await RoutingBenchmark.run() }),
    ("store", { try await StoreBenchmark.run() }),
    ("tui", { try await TUIBenchmark.run() }),
    ("serve", { try await ServeBenchmark.run() }),
    ("postgres-reports", { try await PostgresReportsBenchmark.run() }),
    ("postgres-budget", { try await PostgresBudgetBenchmark.run() }),
]

let name = CommandLine.arguments.dropFirst().first ?? "all"
let chosen = name == "all" ? benchmarks : benchmarks.filter { $0.0 == name }
if chosen.isEmpty {
    print("usage: switchboard-bench [all|" + benchmarks.map(\.0).joined(separator: "|") + "]")
    exit(2)
}
do {
    for (_, run) in chosen {
        try await run()
        print("")
    }
} catch {
    print("benchmark failed: \(error)")
    exit(1)
}
