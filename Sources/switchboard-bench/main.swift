import Foundation

// switchboard-bench <name>: runs one benchmark; no argument runs the SSE parse benchmark.
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case nil, "sse":
    SSEParseBenchmark.run()
default:
    print("usage: switchboard-bench [sse]")
    exit(2)
}
