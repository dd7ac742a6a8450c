import Foundation

/// The built-in offline provider: simulated models that answer in Markdown with realistic pacing, token counts
/// and prices, so Switchboard is fully usable (and testable) with no key and no network.
///
/// It speaks the OpenAI Chat wire format from an in-process "server" (`DemoTransport`), so a demo turn goes
/// through the same adapter, SSE parser, metering and routing as a real one. Every answer says it is simulated.
public enum DemoProvider {
    public static let name = "demo"

    /// Pacing of one simulated model: how long until the first token and between tokens.
    struct Pace: Sendable {
        var firstToken: Duration
        var perToken: Duration
        var answerParagraphs: Int
    }

    static let paces: [String: Pace] = [
        "demo-mini": Pace(firstToken: .milliseconds(150), perToken: .milliseconds(6), answerParagraphs: 1),
        "demo-pro": Pace(firstToken: .milliseconds(600), perToken: .milliseconds(20), answerParagraphs: 3),
    ]

    private static func perMillion(_ dollars: String) -> Decimal? {
        Decimal(string: dollars, locale: Locale(identifier: "en_US_POSIX")).map { $0 / 1_000_000 }
    }

    /// The simulated models, as catalog entries (ids `demo/mini`, `demo/pro`).
    public static let models: [CatalogModel] = [
        CatalogModel(id: "demo/mini", name: "Demo Mini (simulated, fast and cheap)", deployments: [
            Deployment(provider: name, providerModel: "demo-mini",
                       price: Price(input: perMillion("0.15"), output: perMillion("0.60"),
                                    cacheRead: perMillion("0.075"), cacheWrite: perMillion("0.15")),
                       contextWindow: 128_000, maxOutput: 16_384, capabilities: [.tools],
                       throughputHint: 160, simulated: true),
        ]),
        CatalogModel(id: "demo/pro", name: "Demo Pro (simulated, slower and premium)", deployments: [
            Deployment(provider: name, providerModel: "demo-pro",
                       price: Price(input: perMillion("3"), output: perMillion("15"),
                                    cacheRead: perMillion("0.30"), cacheWrite: perMillion("3.75")),
                       contextWindow: 200_000, maxOutput: 32_000, capabilities: [.tools, .reasoning],
                       throughputHint: 50, simulated: true),
        ]),
    ]
}

/// Serves `demo://` URLs in-process with OpenAI-style SSE; hands every other URL to `next`.
public struct DemoTransport: HTTPTransport {
    private let next: (any HTTPTransport)?
    /// Multiplies every simulated delay: 1 is realistic, 0 answers instantly (tests), 2 is slow motion.
    private let paceScale: Double

    public init(next: (any HTTPTransport)?, paceScale: Double = 1) {
        self.next = next
        self.paceScale = max(0, paceScale)
    }

    public func send(_ request: HTTPRequest, connectTimeout: Duration, abort: AbortSignal) async throws -> HTTPResponse {
        guard request.url.scheme == "demo" else {
            guard let next else { throw TransportError.connectionFailed("no transport for \(request.url.scheme ?? "?")://") }
            return try await next.send(request, connectTimeout: connectTimeout, abort: abort)
        }
        let call = try DemoCall(body: request.body)
        guard let pace = DemoProvider.paces[call.model] else {
            let body = #"{"error":{"message":"The model `\#(call.model)` does not exist","type":"invalid_request_error","code":"model_not_found"}}"#
            return HTTPResponse(status: 404, headers: HTTPHeaders([("content-type", "application/json")]),
                                body: AsyncThrowingStream { $0.yield(Array(body.utf8)); $0.finish() })
        }
        let answer = DemoAnswer.compose(for: call.lastUserText, model: call.model, paragraphs: pace.answerParagraphs)
        let chunks = DemoStream.chunks(answer: answer, call: call)
        let scale = paceScale
        return HTTPResponse.streaming(status: 200, headers: HTTPHeaders([("content-type", "text/event-stream")]),
                                      abort: abort) { continuation in
            let task = Task {
                do {
                    for (index, chunk) in chunks.enumerated() {
                        let delay = index == 0 ? pace.firstToken : (index < chunks.count - 2 ? pace.perToken : .zero)
                        if scale > 0, delay > .zero { try await Task.sleep(for: delay * scale) }
                        continuation.yield(chunk)
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

/// The parts of an OpenAI-style request body the demo needs.
struct DemoCall {
    var model: String
    var messages: [ChatMessage]
    var includeUsage: Bool

    init(body: [UInt8]) throws {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
              let model = object["model"] as? String,
              let rawMessages = object["messages"] as? [[String: Any]] else {
            throw TransportError.connectionFailed("demo: request body is not an OpenAI chat request")
        }
        self.model = model
        self.messages = rawMessages.compactMap { raw in
            guard let role = (raw["role"] as? String).flatMap(Role.init(rawValue:)) else { return nil }
            return ChatMessage(role: role, text: raw["content"] as? String ?? "")
        }
        self.includeUsage = (object["stream_options"] as? [String: Any])?["include_usage"] as? Bool ?? false
    }

    var lastUserText: String { messages.last { $0.role == .user }?.text ?? "" }
}

/// Splits an answer into OpenAI chat-completion chunks, word-sized, with a usage chunk and `[DONE]`.
enum DemoStream {
    static func chunks(answer: String, call: DemoCall) -> [[UInt8]] {
        let id = "chatcmpl-demo-\(UInt32(truncatingIfNeeded: FNV1a.hash(answer)))"
        func event(_ object: [String: Any]) -> [UInt8] {
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
            return Array("data: ".utf8) + Array(data) + Array("\n\n".utf8)
        }
        func chunk(delta: [String: Any], finish: String?) -> [UInt8] {
            event(["id": id, "object": "chat.completion.chunk", "model": call.model,
                   "choices": [["index": 0, "delta": delta, "finish_reason": finish.map { $0 as Any } ?? NSNull()]]])
        }
        var result = [chunk(delta: ["role": "assistant", "content": ""], finish: nil)]
        for piece in wordPieces(answer) {
            result.append(chunk(delta: ["content": piece], finish: nil))
        }
        result.append(chunk(delta: [:], finish: "stop"))
        if call.includeUsage {
            let prompt = TokenEstimator.estimate(call.messages)
            let completion = TokenEstimator.estimate(answer)
            result.append(event(["id": id, "object": "chat.completion.chunk", "model": call.model, "choices": [],
                                 "usage": ["prompt_tokens": prompt, "completion_tokens": completion,
                                           "total_tokens": prompt + completion]]))
        }
        result.append(Array("data: [DONE]\n\n".utf8))
        return result
    }

    /// Words with their trailing whitespace, roughly one token each.
    static func wordPieces(_ text: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        for character in text {
            if character.isWhitespace {
                current.append(character)
            } else {
                if let last = current.last, last.isWhitespace {
                    pieces.append(current)
                    current = ""
                }
                current.append(character)
            }
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }
}

/// A stable hash (Swift's `hashValue` changes per process): the same prompt gets the same demo answer.
enum FNV1a {
    static func hash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}
