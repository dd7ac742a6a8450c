import Foundation
import SwitchboardCore

/// How fast `SSEParser` cuts a realistic Chat Completions stream into events, fed in network-sized chunks.
/// Measures framing only (lines, fields, UTF-8 decoding of each event's data); `SSEDecodeBenchmark` then measures
/// the real decoders on replies with tool calls and thinking.
enum SSEParseBenchmark {
    static let targetBytes = 50 * 1_000_000
    static let chunkSizes = [1_400, 16_384]
    static let rounds = 3

    static func run() {
        let (stream, expectedEvents) = makeStream(targetBytes: targetBytes)
        let megabytes = Double(stream.count) / 1_000_000
        print("SSE parse: \(String(format: "%.1f", megabytes)) MB, \(expectedEvents) events, best of \(rounds) rounds")
        for chunkSize in chunkSizes {
            let chunks = split(stream, size: chunkSize)
            var best = Double.infinity
            for _ in 0..<rounds {
                let (seconds, events) = measure(chunks)
                // A parser that loses events would look fast; refuse to report it.
                guard events == expectedEvents else {
                    print("  chunk \(chunkSize) B: FAILED, \(events) events instead of \(expectedEvents)")
                    return
                }
                best = min(best, seconds)
            }
            let line = String(format: "  chunk %6d B: %8.1f MB/s  %6.2f M events/s  (%.3f s)",
                              chunkSize, megabytes / best, Double(expectedEvents) / best / 1_000_000, best)
            print(line)
        }
        do {
            try SSEDecodeBenchmark.run()
        } catch {
            // A decoder that reads a shape wrongly has no speed worth reporting.
            print("SSE decode FAILED: \(error)")
            exit(1)
        }
    }

    private static func measure(_ chunks: [[UInt8]]) -> (seconds: Double, events: Int) {
        var parser = SSEParser()
        var events = 0
        var dataBytes = 0
        let clock = ContinuousClock()
        let start = clock.now
        for chunk in chunks {
            for event in parser.feed(chunk) {
                events += 1
                dataBytes &+= event.data.utf8.count
            }
        }
        events += parser.finish().count
        let elapsed = start.duration(to: clock.now)
        // Keeps the work observable so the optimiser cannot drop it.
        if dataBytes == -1 { print(dataBytes) }
        return (elapsed.seconds, events)
    }

    /// An OpenAI-style stream: a role chunk, many content chunks with mixed scripts, keep-alive comments,
    /// a finish chunk, a usage chunk and `[DONE]`, repeated until the target size.
    static func makeStream(targetBytes: Int) -> (bytes: [UInt8], events: Int) {
        let words = ["The", " quick", " brown", " fox", " jumps", " over", " the", " lazy", " dog", ".", "\\n\\n",
                     " café", " naïve", " 世界", " 👩‍💻", " \\\"quoted\\\"", " {json}", " 42", " result", " —"]
        let prefix = #"data: {"id":"chatcmpl-AbC123xYz","object":"chat.completion.chunk","created":1731000000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0ba0d124f1","choices":[{"index":0,"delta":{"content":""#
        let suffix = #""},"logprobs":null,"finish_reason":null}],"usage":null}"# + "\n\n"
        var bytes: [UInt8] = []
        bytes.reserveCapacity(targetBytes + 4096)
        var events = 0
        var index = 0
        while bytes.count < targetBytes {
            bytes += Array((#"data: {"id":"chatcmpl-AbC123xYz","object":"chat.completion.chunk","created":1731000000,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}],"usage":null}"# + "\n\n").utf8)
            events += 1
            for _ in 0..<400 {
                bytes += Array((prefix + words[index % words.count] + suffix).utf8)
                events += 1
                index += 1
                if index % 97 == 0 { bytes += Array(": keep-alive\n\n".utf8) }
            }
            bytes += Array((#"data: {"id":"chatcmpl-AbC123xYz","object":"chat.completion.chunk","created":1731000000,"model":"gpt-4o-mini-2024-07-18","choices":[],"usage":{"prompt_tokens":1000,"completion_tokens":400,"total_tokens":1400,"prompt_tokens_details":{"cached_tokens":600}}}"# + "\n\n").utf8)
            bytes += Array("data: [DONE]\n\n".utf8)
            events += 2
        }
        return (bytes, events)
    }

    private static func split(_ bytes: [UInt8], size: Int) -> [[UInt8]] {
        stride(from: 0, to: bytes.count, by: size).map { Array(bytes[$0..<min(bytes.count, $0 + size)]) }
    }
}
