import XCTest
@testable import SwitchboardCore
import SwitchboardTestSupport

/// The decoders read each chunk with `JSONCursor` and fall back to Foundation. These tests run the same bytes
/// through a decoder with the fast scan and one without, and require the same events and the same errors: on
/// plain and unusual chunks, and on thousands of corrupted ones.
final class ChunkScanTests: XCTestCase {
    // MARK: Corpora: plain chunks as providers send them, and the unusual shapes the scan must not misread.

    static let openAIChunks = [
        #"{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null}"#,
        #"{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"lo 世界 \"q\"\n\ud83d\ude00 \u00e9"},"logprobs":null,"finish_reason":null}],"usage":null}"#,
        #"{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null}"#,
        #"{"id":"chatcmpl-1","choices":[],"usage":{"prompt_tokens":1000,"completion_tokens":200,"total_tokens":1200,"prompt_tokens_details":{"cached_tokens":600,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":50}}}"#,
        #"{"choices":[{"index":1,"delta":{"content":"second"}},{"index":0,"delta":{"content":"first"}}]}"#,
        #"{"choices":[],"usage":{"prompt_tokens":10,"completion_tokens":2,"cost":0.000123,"prompt_cache_hit_tokens":4}}"#,
        #"{"error":{"message":"boom","type":"server_error","code":null}}"#,
        #"{"object":"error","message":"vLLM failed","code":500}"#,
        #"{"choices":[{"delta":{"content":null},"finish_reason":"length"}],"error":null}"#,
        #"{"choices":[{"delta":{"content":"a","content":"b"}}]}"#,
        #"{"choices":[{"delta":{"content":"\ud83d"}}]}"#,
        #"{"choices":[{"index":0.0,"delta":{"content":"x"}}]}"#,
        #"{"model":"m","choices":null,"x_groq":{"usage":{"prompt_tokens":5,"completion_tokens":1}}}"#,
        // Thinking and tool calls.
        #"{"choices":[{"index":0,"delta":{"role":"assistant","content":null,"reasoning_content":"Let me think \"hard\""},"finish_reason":null}]}"#,
        #"{"choices":[{"index":0,"delta":{"content":"","reasoning":"Ollama thinks"}}]}"#,
        #"{"choices":[{"index":0,"delta":{"content":"x","reasoning":null,"reasoning_details":[]}}]}"#,
        #"{"choices":[{"index":0,"delta":{"reasoning_content":"a","reasoning":"a"}}]}"#,
        #"{"choices":[{"index":0,"delta":{"reasoning":{"summary":"not text"}}}]}"#,
        #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":""}}]}}]}"#,
        #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\": \"Pa"}}]}}]}"#,
        #"{"choices":[{"index":0,"delta":{"content":null,"tool_calls":null}}]}"#,
        #"{"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}"#,
        #"{"choices":[{"index":0,"delta":{"role":"assistant","content":"","reasoning":"Hm","reasoning_details":[{"type":"reasoning.text","text":"Hm","format":"anthropic-claude-v1","index":0}]}}]}"#,
        #"{"choices":[{"index":0,"delta":{"content":"","reasoning":null,"reasoning_details":[{"type":"reasoning.text","text":"","signature":"EqQB","index":0}]}}]}"#,
        #"{"choices":[{"index":0,"delta":{"reasoning_details":[{"type":"reasoning.encrypted","data":"enc=="},{"type":"reasoning.summary","summary":"sum"}]}}]}"#,
    ]

    static let anthropicEvents = [
        ("message_start", #"{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4","content":[],"stop_reason":null,"usage":{"input_tokens":25,"cache_creation_input_tokens":3,"cache_read_input_tokens":7,"output_tokens":1}}}"#),
        ("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#),
        ("ping", #"{"type": "ping"}"#),
        ("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi \"there\"\n\ud83d\ude00 é"}}"#),
        ("content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"thinking_delta","thinking":"hmm"}}"#),
        ("content_block_delta", #"{"type":"content_block_delta","index":0}"#),
        ("content_block_delta", #"{"delta":{"type":"text_delta","text":"typed by the event name"}}"#),
        ("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}}"#),
        ("message_delta", #"{"type":"message_delta","delta":null,"usage":null}"#),
        ("message_stop", #"{"type":"message_stop"}"#),
        ("error", #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#),
    ]

    static let geminiChunks = [
        #"{"candidates":[{"content":{"parts":[{"text":"Hel"}],"role":"model"},"index":0}],"usageMetadata":{"promptTokenCount":9,"totalTokenCount":9},"modelVersion":"gemini-2.5-flash","responseId":"abc"}"#,
        #"{"candidates":[{"content":{"parts":[{"text":"think","thought":true},{"text":"lo \"w\"\n\ud83d\ude00"}],"role":"model"}}]}"#,
        #"{"candidates":[{"content":{"parts":[{"text":""}],"role":"model"},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":100,"candidatesTokenCount":20,"thoughtsTokenCount":5,"cachedContentTokenCount":40}}"#,
        #"{"candidates":[{"finishReason":"SAFETY","safetyRatings":[{"category":"HARM","probability":"HIGH"}]}]}"#,
        #"{"promptFeedback":{"blockReason":"SAFETY"}}"#,
        #"{"error":{"code":429,"message":"Resource exhausted","status":"RESOURCE_EXHAUSTED"}}"#,
        #"{"candidates":[{"content":{"parts":[{"text":"a","thought":null}]}},{"content":{"parts":[{"text":1}]}}]}"#,
        #"{"candidates":null,"usageMetadata":null,"error":null}"#,
    ]

    // MARK: Agreement

    func testOpenAIScanAgreesWithFoundation() {
        let endpoint = ProviderEndpoint(name: "openrouter", wire: .openAICompatible,
                                        baseURL: URL(fileURLWithPath: "/"), quirks: WireQuirks(reportsCost: true))
        let make = { (fast: Bool) -> any StreamDecoder in
            OpenAIChatStreamDecoder(provider: "openrouter", quirks: endpoint.quirks, dialect: .compatible, fastScan: fast)
        }
        assertAgreement(Self.openAIChunks.map { (nil, $0) }, trailer: "data: [DONE]\n\n", make: make)
    }

    func testAnthropicScanAgreesWithFoundation() {
        assertAgreement(Self.anthropicEvents.map { ($0.0, $0.1) }, trailer: "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n") {
            AnthropicStreamDecoder(provider: "anthropic", fastScan: $0)
        }
    }

    func testGeminiScanAgreesWithFoundation() {
        assertAgreement(Self.geminiChunks.map { (nil, $0) },
                        trailer: "data: {\"candidates\":[{\"finishReason\":\"STOP\"}]}\n\n") {
            GeminiStreamDecoder(provider: "gemini", fastScan: $0)
        }
    }

    /// The plain chunks a provider sends must take the fast path, or the engine pays Foundation's price again.
    func testPlainChunksTakeTheFastPath() throws {
        for chunk in Self.openAIChunks.prefix(4) { XCTAssertNoThrow(try OpenAIChatChunk.scan(chunk), chunk) }
        for (name, data) in Self.anthropicEvents.prefix(4) {
            XCTAssertNoThrow(try AnthropicStreamDecoder.Wire.Event.scan(data, eventName: name), data)
        }
        for chunk in Self.geminiChunks.prefix(5) {
            XCTAssertNoThrow(try GeminiStreamDecoder.Wire.Chunk.scan(chunk), chunk)
        }
    }

    // MARK: Helpers

    private enum Outcome: Equatable {
        case events([StreamEvent])
        case failed(String)
    }

    /// Each chunk alone and all of them in one stream, then every chunk corrupted at many places: the fast
    /// decoder and the Foundation decoder must say the same thing each time.
    private func assertAgreement(_ chunks: [(String?, String)], trailer: String,
                                 make: (Bool) -> any StreamDecoder, file: StaticString = #filePath, line: UInt = #line) {
        func stream(_ items: [(String?, String)]) -> [UInt8] {
            let body = items.map { item in (item.0.map { "event: \($0)\n" } ?? "") + "data: \(item.1)\n\n" }.joined()
            return Array((body + trailer).utf8)
        }
        func check(_ bytes: [UInt8]) {
            let fast = outcome(bytes, make(true)), slow = outcome(bytes, make(false))
            if fast != slow {
                XCTFail("fast \(fast) != Foundation \(slow) for \(String(decoding: bytes, as: UTF8.self))", file: file, line: line)
            }
        }
        check(stream(chunks))
        var random = SplitMix(seed: 9)
        let alphabet = Array(#"{}[]":,0-9.e\u"ntf "#.utf8)
        for chunk in chunks {
            check(stream([chunk]))
            let bytes = Array(chunk.1.utf8)
            for _ in 0..<150 {
                var mutated = bytes
                let position = Int(random.next() % UInt64(mutated.count))
                let byte = alphabet[Int(random.next() % UInt64(alphabet.count))]
                switch random.next() % 3 {
                case 0: mutated.remove(at: position)
                case 1: mutated.insert(byte, at: position)
                default: mutated[position] = byte
                }
                // Through String, as the SSE parser delivers it: a cut UTF-8 sequence becomes U+FFFD.
                check(stream([(chunk.0, String(decoding: mutated, as: UTF8.self))]))
            }
        }
    }

    private func outcome(_ bytes: [UInt8], _ decoder: any StreamDecoder) -> Outcome {
        var events: [StreamEvent] = []
        do {
            events += try decoder.consume(bytes)
            events += try decoder.finish()
            return .events(events)
        } catch {
            return .failed("\(events) then \(error)")
        }
    }
}
