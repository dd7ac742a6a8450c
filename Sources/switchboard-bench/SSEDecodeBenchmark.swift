import Foundation
import SwitchboardCore

/// How fast each protocol's real stream decoder (the one an attempt uses: SSE framing, the fast scan, Foundation
/// where the scan does not vouch) turns replies with tool-call deltas and thinking into events, fed in
/// network-sized chunks. A fresh decoder per reply, as per attempt. Goal: ≥ 200 MB/s for every shape.
enum SSEDecodeBenchmark {
    static let goalMBps = 200.0
    /// SWITCHBOARD_BENCH_SSE_MB shrinks it for a quick check in a debug build.
    static let targetBytes = (ProcessInfo.processInfo.environment["SWITCHBOARD_BENCH_SSE_MB"].flatMap(Int.init) ?? 20) * 1_000_000
    static let chunkSizes = [1_400, 16_384]
    static let rounds = 3

    static func run() throws {
        print("SSE decode (real decoders, ~\(targetBytes / 1_000_000) MB per shape, best of \(rounds) rounds; goal ≥ \(Int(goalMBps)) MB/s)"
              + (cpuTime ? ", thread CPU time:" : ":"))
        // SWITCHBOARD_BENCH_SSE_SHAPE picks the shapes whose name contains it (for profiling one).
        let only = ProcessInfo.processInfo.environment["SWITCHBOARD_BENCH_SSE_SHAPE"]
        for shape in SSEDecodeShapes.all where only.map(shape.name.contains) ?? true {
            try run(shape)
        }
    }

    private static func run(_ shape: SSEShape) throws {
        let endpoint = ProviderEndpoint(name: shape.wire == .openAICompatible ? "deepseek" : shape.wire.rawValue,
                                        wire: shape.wire, baseURL: URL(fileURLWithPath: "/"), apiKey: "sk-bench-0000000001")
        let adapter = ProviderRegistry.adapter(for: shape.wire)
        let makeDecoder = { adapter.makeDecoder(endpoint: endpoint) }
        // A decoder that loses or garbles anything would look fast: the whole reply is checked once, untimed…
        let reference = try DecodedReply.check(shape, decoder: makeDecoder())
        let replies = max(1, targetBytes / shape.reply.count)
        let megabytes = Double(shape.reply.count * replies) / 1_000_000
        let sseEvents = shape.sseEvents * replies
        for chunkSize in chunkSizes {
            let chunks = split(shape.reply, size: chunkSize)
            var best = Double.infinity
            for _ in 0..<rounds {
                let start = Self.now()
                var tally = Tally()
                for _ in 0..<replies {
                    let decoder = makeDecoder()
                    for chunk in chunks { tally.add(try decoder.consume(chunk)) }
                    tally.add(try decoder.finish())
                }
                let seconds = Self.now() - start
                // …and every timed reply must decode to the same counts.
                guard tally == reference.tally.times(replies) else {
                    throw DecodedReply.Mismatch(description: "\(shape.name), chunk \(chunkSize) B: decoded \(tally) "
                                                + "instead of \(reference.tally.times(replies))")
                }
                best = min(best, seconds)
            }
            let rate = megabytes / best
            let figures = String(format: "chunk %6d B: %8.1f MB/s  %6.2f M events/s  (%.1f MB, %.3f s)",
                                 chunkSize, rate, Double(sseEvents) / best / 1_000_000, megabytes, best)
            let name = shape.name.padding(toLength: 26, withPad: " ", startingAt: 0)
            print("  \(name) \(figures)  \(rate >= goalMBps ? "ok" : "BELOW GOAL")")
        }
    }

    /// SWITCHBOARD_BENCH_CPU_TIME=1 times the thread's CPU time instead of the wall clock: on a busy machine
    /// that leaves out the time other processes held the core, for comparing two builds. Figures for the README
    /// are wall-clock on a quiet machine.
    static let cpuTime = ProcessInfo.processInfo.environment["SWITCHBOARD_BENCH_CPU_TIME"] == "1"

    static func now() -> Double {
        var spec = timespec()
        clock_gettime(cpuTime ? CLOCK_THREAD_CPUTIME_ID : CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    private static func split(_ bytes: [UInt8], size: Int) -> [[UInt8]] {
        stride(from: 0, to: bytes.count, by: size).map { Array(bytes[$0..<min(bytes.count, $0 + size)]) }
    }
}

/// Counts of what a decoder produced; cheap enough to keep inside the timed loop.
struct Tally: Equatable, CustomStringConvertible {
    var events = 0
    var textBytes = 0
    var reasoningBytes = 0
    var signatures = 0
    var callStarts = 0
    var argumentBytes = 0
    var finishes = 0

    mutating func add(_ decoded: [StreamEvent]) {
        for event in decoded {
            events += 1
            switch event {
            case .text(let text): textBytes += text.utf8.count
            case .reasoning(let delta):
                reasoningBytes += delta.text.utf8.count
                if delta.signature != nil { signatures += 1 }
            case .toolCall(let delta):
                if delta.name != nil { callStarts += 1 }
                if delta.signature != nil { signatures += 1 }
                argumentBytes += delta.arguments.utf8.count
            case .finished: finishes += 1
            case .usage, .reportedCost, .servedModel: break
            }
        }
    }

    func times(_ count: Int) -> Tally {
        Tally(events: events * count, textBytes: textBytes * count, reasoningBytes: reasoningBytes * count,
              signatures: signatures * count, callStarts: callStarts * count, argumentBytes: argumentBytes * count,
              finishes: finishes * count)
    }

    var description: String {
        "\(events) events, text \(textBytes) B, reasoning \(reasoningBytes) B, \(signatures) signatures, "
            + "\(callStarts) calls, arguments \(argumentBytes) B, \(finishes) finishes"
    }
}

/// One reply decoded whole and joined as the engine joins it (tool-call pieces by index), compared with what the
/// generator wrote.
struct DecodedReply {
    var tally = Tally()

    struct Mismatch: Error, CustomStringConvertible {
        var description: String
    }

    static func check(_ shape: SSEShape, decoder: any StreamDecoder) throws -> DecodedReply {
        var reply = DecodedReply()
        var events: [StreamEvent] = []
        // Byte by byte: the hardest split, so every boundary the timed runs meet has been checked.
        for byte in shape.reply { events += try decoder.consume([byte]) }
        events += try decoder.finish()
        reply.tally.add(events)

        var text = "", reasoning = "", signatures: [String] = [], finish: String?
        var calls: [Int: ExpectedReply.Call] = [:]
        for event in events {
            switch event {
            case .text(let piece): text += piece
            case .reasoning(let delta):
                reasoning += delta.text
                if let signature = delta.signature { signatures.append(signature) }
            case .toolCall(let delta):
                var call = calls[delta.index] ?? ExpectedReply.Call(id: "", name: "", arguments: "")
                if let id = delta.id { call.id = id }
                if let name = delta.name { call.name = name }
                if let signature = delta.signature { signatures.append(signature) }
                call.arguments += delta.arguments
                calls[delta.index] = call
            case .finished(let reason): finish = reason
            case .usage, .reportedCost, .servedModel: break
            }
        }
        let expected = shape.expected
        func require(_ ok: Bool, _ what: String) throws {
            if !ok { throw Mismatch(description: "\(shape.name): decoded \(what) differs from the stream's") }
        }
        try require(text == expected.text, "text")
        try require(reasoning == expected.reasoning, "reasoning")
        try require(signatures == expected.signatures, "signatures")
        try require(finish == expected.finishReason, "finish reason (\(finish ?? "none"))")
        let joined = calls.keys.sorted().compactMap { calls[$0] }
        try require(joined.count == expected.calls.count, "number of tool calls")
        for (got, want) in zip(joined, expected.calls) {
            try require(got.id == want.id && got.name == want.name, "tool call \(want.name)'s id or name")
            try require(try sameJSON(got.arguments, want.arguments), "tool call \(want.name)'s arguments")
        }
        return reply
    }

    /// Equal as JSON values: both written again with sorted keys (Gemini's decoder re-serialises the object).
    private static func sameJSON(_ left: String, _ right: String) throws -> Bool {
        func canonical(_ text: String) throws -> Data {
            let value = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
            return try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
        }
        return try canonical(left) == canonical(right)
    }
}
