import Foundation
import SwitchboardCore
import SwitchboardStore
import SwitchboardTestSupport

/// The history database at scale: seeds 100,000 messages in 2,000 sessions (plus one session of 1,000 messages),
/// then times what people wait for: listing recent sessions, opening a long session, searching, and storing a
/// turn; and compares the file's size with the raw text it holds.
enum StoreBenchmark {
    /// SWITCHBOARD_BENCH_SESSIONS scales the seed down for a quick look; the figures are for 2,000.
    static let sessions = ProcessInfo.processInfo.environment["SWITCHBOARD_BENCH_SESSIONS"].flatMap(Int.init) ?? 2_000
    static let messagesPerSession = 50
    static let longSession = 1_000
    /// SWITCHBOARD_BENCH_TURNS and SWITCHBOARD_BENCH_STREAMS repeat the writes (for a profile); the figures are
    /// for 200 turns and one streamed reply.
    static let turns = ProcessInfo.processInfo.environment["SWITCHBOARD_BENCH_TURNS"].flatMap(Int.init) ?? 200
    static let streams = ProcessInfo.processInfo.environment["SWITCHBOARD_BENCH_STREAMS"].flatMap(Int.init) ?? 1

    static func run() async throws {
        // SWITCHBOARD_BENCH_DIR reuses a directory (and a database already seeded there); otherwise a temporary one.
        let given = ProcessInfo.processInfo.environment["SWITCHBOARD_BENCH_DIR"]
        let directory = given.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-bench-\(UUID().uuidString)")
        defer { if given == nil { try? FileManager.default.removeItem(at: directory) } }
        let url = directory.appendingPathComponent("bench.sqlite")
        let reuse = FileManager.default.fileExists(atPath: url.path)
        let store = try SQLiteStore(url: url)
        var text = BenchText(seed: 42)
        let clock = ContinuousClock()

        let longID: UUID
        if reuse, let long = try store.listSessions(limit: 100_000).first(where: { $0.messageCount == longSession }) {
            longID = long.session.id
            print("Store: reusing \(url.path)")
        } else {
            print("Store: seeding \(sessions * messagesPerSession) messages in \(sessions) sessions ...")
            let seedStart = clock.now
            let base = Date(timeIntervalSince1970: 1_700_000_000)
            for index in 0..<sessions {
                let archive = text.archive(messages: messagesPerSession, start: base.addingTimeInterval(Double(index) * 600))
                try store.importJSON(archive.data)
            }
            let long = text.archive(messages: longSession, start: base.addingTimeInterval(-86_400))
            longID = try store.importJSON(long.data).sessionID
            print(String(format: "  seeded in %.1f s", (clock.now - seedStart).seconds))
        }
        let seeded = try store.footprint()
        print(String(format: "  %d messages in %d sessions, %.1f MB of text", seeded.messages, seeded.sessions,
                     Double(seeded.textBytes) / 1e6))

        report("list 50 most recent sessions", try median(runs: 30) { _ = try store.listSessions(limit: 50) }, target: 10)
        report("open a 1,000-message session", try median(runs: 20) { _ = try store.sessionDetail(longID) }, target: 20)
        report("  (its history for resuming)", try median(runs: 20) { _ = try store.conversation(in: longID) }, target: 20)
        for (label, query) in [("rare word", text.word(rank: 2_000)), ("mid-frequency word", text.word(rank: 150)),
                               ("two words", text.word(rank: 60) + " " + text.word(rank: 300)),
                               ("very common word", "the"), ("CJK word", "数据库"), ("phrase", "\"the database\"")] {
            let hits = try store.search(query).count
            report("search, \(label) '\(query)' (\(hits) hits)", try median(runs: 15) { _ = try store.search(query) }, target: 20)
        }

        let session = try store.createSession(firstPrompt: "benchmark turns", model: "openai/gpt-4o-mini")
        var turnTimes: [Double] = []
        var stepTimes: [[Double]] = [[], [], [], []]
        for _ in 0..<turns {
            let prompt = text.userMessage()
            let reply = text.assistantMessage()
            let start = clock.now
            let steps = try persistTurn(store, session: session.id, prompt: prompt, reply: reply)
            turnTimes.append((clock.now - start).seconds * 1000)
            for (index, step) in steps.enumerated() { stepTimes[index].append(step) }
        }
        report("persist one turn (user message, attempt, reply)", Samples(turnTimes).at(50), target: 2)
        print(String(format: "    min %.2f ms", Samples(turnTimes).at(0)))
        let medians = stepTimes.map { String(format: "%.2f", Samples($0).at(50)) }
        print("    steps (ms): user message \(medians[0]), reply begun \(medians[1]), attempt \(medians[2]), reply finished \(medians[3])")

        // A reply streaming in: the caller saves the text so far every 250 ms; each save re-indexes the text.
        var checkpointTimes: [Double] = []
        for _ in 0..<streams {
            let streaming = try store.beginAssistantMessage(session: session.id, turn: UUID(), parent: nil,
                                                            requestedModel: "m")
            var partial = ""
            while partial.utf8.count < 8_000 {
                partial += text.assistantMessage().prefix(200)
                let start = clock.now
                try store.checkpoint(streaming, text: partial)
                checkpointTimes.append((clock.now - start).seconds * 1000)
            }
        }
        report("checkpoint a streaming reply (up to 8 KB)", Samples(checkpointTimes).at(50))
        print(String(format: "    min %.2f ms", Samples(checkpointTimes).at(0)))
        report("open the database (validate, check migrations)", try median(runs: 10) { _ = try SQLiteStore(url: url) })

        let footprint = try store.footprint()
        print(pad("database size / raw text") + String(format: "%8.2f x   target <= 1.5    %.2f of target", footprint.ratio,
                                                           footprint.ratio / 1.5)
              + String(format: "   (%.1f MB file, %.1f MB text)", Double(footprint.fileBytes) / 1e6, Double(footprint.textBytes) / 1e6))
        // A kept database goes back to what was seeded, so the next run lists and searches the same sessions.
        if given != nil { try store.deleteSession(session.id) }
    }

    /// What `ask` does for one turn: prompt committed, reply opened, attempt recorded, reply finished. Returns each
    /// step's time (ms).
    static func persistTurn(_ store: SQLiteStore, session: UUID, prompt: String, reply: String) throws -> [Double] {
        let clock = ContinuousClock()
        var steps: [Double] = []
        var mark = clock.now
        func lap() {
            steps.append((clock.now - mark).seconds * 1000)
            mark = clock.now
        }
        let turn = UUID()
        let now = Date()
        let user = try store.appendUserMessage(session: session, turn: turn, text: prompt, at: now)
        lap()
        let assistant = try store.beginAssistantMessage(session: session, turn: turn, parent: user,
                                                        requestedModel: "openai/gpt-4o-mini", at: now)
        lap()
        let usage = Usage(input: 420, output: 380)
        let cost = Money(Decimal(string: "0.000291") ?? 0)
        try store.recordAttempt(AttemptRecord(turnID: turn, ordinal: 1, model: "openai/gpt-4o-mini", provider: "openai",
                                              providerModel: "gpt-4o-mini", reason: "explicit", outcome: .success,
                                              status: 200, startedAt: now, ttft: .milliseconds(310),
                                              duration: .milliseconds(2900), usage: usage, cost: cost))
        lap()
        try store.finishAssistantMessage(assistant, AssistantCompletion(
            text: reply, status: .complete, resolvedModel: "openai/gpt-4o-mini", provider: "openai", usage: usage,
            cost: cost, ttft: .milliseconds(310), duration: .milliseconds(2900)), at: now)
        lap()
        return steps
    }

    /// One figure; with a target, also the target and the ratio to it.
    static func report(_ name: String, _ measured: Double, target: Double? = nil) {
        guard let target else { return print(pad(name) + String(format: "%8.2f ms  (no target)", measured)) }
        print(pad(name) + String(format: "%8.2f ms  target < %2.0f ms  %.2f of target", measured, target, measured / target))
    }

    /// Names in a 60-column field (String(format:) cannot pad strings on Linux).
    static func pad(_ name: String) -> String {
        "  " + name + String(repeating: " ", count: max(1, 60 - name.count))
    }

    static func median(runs: Int, _ body: () throws -> Void) rethrows -> Double {
        let clock = ContinuousClock()
        var times: [Double] = []
        try body()   // warm the page cache and statement cache, as a second look would
        for _ in 0..<runs {
            let start = clock.now
            try body()
            times.append((clock.now - start).seconds * 1000)
        }
        return Samples(times).at(50)
    }
}

/// Deterministic chat-like text: English prose from a Zipf-distributed vocabulary (common words, technical words
/// and a long tail of rarer identifiers), Markdown lists and code blocks in replies, and some sessions in Chinese.
/// Average message about 750 bytes: short prompts, replies of a few paragraphs.
struct BenchText {
    private var state: UInt64
    private let vocabulary: [String]
    private let cumulative: [Double]

    private static let common = """
        the of and to a in is that for it as with be on not this are by or at from but have an they which you one we all \
        were can there been if more when will would who so no use your how each she do has what their time up out them \
        then many some these her make like him into look two write go see number way could people my than first water \
        call find long down day did get come made may part over new sound take only little work know place year live back \
        give most very after thing our just name good sentence man think say great where help through much before line \
        right too mean old any same tell follow came want show also around form three small set put end does another \
        well large must big even such because turn here why ask went read need land different home move try kind hand \
        again change off play point page letter answer found study still learn should world high every near add between \
        own below last keep never start light thought head under story left few while along might close something seem \
        next hard open example begin life always those both paper together got group often run important until side
        """.split(whereSeparator: \.isWhitespace).map(String.init)
    private static let technical = """
        function value return model error code file request response server client user test string array type async \
        await swift database query index table memory cache thread process system network token provider stream message \
        session cost price output input performance latency method class struct protocol property variable parameter \
        argument build compile library package module import export config option setting default path directory \
        buffer parser decoder encoder schema migration transaction commit rollback pointer closure generic optional actor \
        task queue timeout retry fallback deployment budget usage terminal window layout render widget event handler
        """.split(whereSeparator: \.isWhitespace).map(String.init)
    private static let chinese = ["数据库", "搜索", "功能", "测试", "我们", "模型", "问题", "答案", "时间", "系统", "用户",
                                  "代码", "性能", "网络", "文件", "的", "了", "是", "在", "和", "一个", "可以", "需要"]
    private static let syllables = ["ka", "ri", "to", "mon", "ex", "pre", "ly", "tion", "al", "er", "in", "de", "con",
                                    "ing", "st", "ble", "pa", "co", "ver", "se", "qu", "zu", "lo", "fen", "dra"]

    init(seed: UInt64) {
        state = seed
        var words = Self.common + Self.technical
        var seen = Set(words)
        var generator = SplitMix(seed: seed ^ 0x9E37_79B9)
        while words.count < 6_000 {
            let count = 2 + Int(generator.next() % 3)
            let word = (0..<count).map { _ in Self.syllables[Int(generator.next() % UInt64(Self.syllables.count))] }.joined()
            if seen.insert(word).inserted { words.append(word) }
        }
        vocabulary = words
        var total = 0.0
        cumulative = words.indices.map { rank in
            total += 1 / Double(rank + 1)
            return total
        }
    }

    func word(rank: Int) -> String { vocabulary[min(rank, vocabulary.count - 1)] }

    mutating func archive(messages: Int, start: Date) -> (data: Data, textBytes: Int) {
        let chineseSession = next(100) < 3
        var texts: [String] = []
        var records: [[String: Any]] = []
        var metadata: [[String: Any]] = []
        for index in 0..<messages {
            let isUser = index % 2 == 0
            let body = chineseSession ? chineseMessage(long: !isUser) : (isUser ? userMessage() : assistantMessage())
            texts.append(body)
            records.append(["role": isUser ? "user" : "assistant", "content": body])
            let time = iso(start.addingTimeInterval(Double(index) * 30))
            var meta: [String: Any] = ["status": "complete", "parent": index == 0 ? NSNull() : index - 1,
                                       "created_at": time, "updated_at": time, "attempts": [Any]()]
            let turn = UUID().uuidString
            if !isUser {
                let usage: [String: Any] = ["input": 300 + index, "output": body.utf8.count / 4, "cache_read": 0,
                                            "cache_write": 0, "reasoning": 0]
                meta.merge(["requested_model": "openai/gpt-4o-mini", "model": "openai/gpt-4o-mini", "provider": "openai",
                            "usage": usage, "cost": "0.000\(100 + next(900))", "ttft_ms": 200 + next(500),
                            "duration_ms": 1000 + next(9000), "turn_id": turn]) { $1 }
                meta["attempts"] = [["ordinal": 1, "model": "openai/gpt-4o-mini", "provider": "openai",
                                     "provider_model": "gpt-4o-mini", "reason": "explicit", "outcome": "success",
                                     "after_first_token": false, "started_at": time, "duration_ms": 2000,
                                     "usage": usage, "cost": "0.000\(100 + next(900))"] as [String: Any]]
                metadata[index - 1]["turn_id"] = turn
            }
            metadata.append(meta)
        }
        let object: [String: Any] = ["format": "switchboard.session", "version": 1, "id": UUID().uuidString.lowercased(),
                                     "title": String(texts.first?.prefix(60) ?? ""), "created_at": iso(start),
                                     "updated_at": iso(start.addingTimeInterval(Double(messages) * 30)),
                                     "archived": false, "messages": records, "metadata": metadata]
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return (data, texts.reduce(0) { $0 + $1.utf8.count })
    }

    mutating func userMessage() -> String {
        (0..<(1 + next(4))).map { _ in sentence() }.joined(separator: " ")
    }

    mutating func assistantMessage() -> String {
        (0..<(2 + next(7))).map { _ -> String in
            switch next(100) {
            case ..<60: return (0..<(1 + next(5))).map { _ in sentence() }.joined(separator: " ")
            case ..<85: return (0..<(2 + next(5))).map { _ in "- " + sentence() }.joined(separator: "\n")
            default:
                let lines = (0..<(3 + next(10))).map { _ in "let \(pick()) = \(pick())(\(pick()))" }
                return "```swift\n" + lines.joined(separator: "\n") + "\n```"
            }
        }.joined(separator: "\n\n")
    }

    private mutating func chineseMessage(long: Bool) -> String {
        (0..<(long ? 8 + next(20) : 2 + next(4))).map { _ in
            (0..<(4 + next(8))).map { _ in Self.chinese[next(Self.chinese.count)] }.joined() + "。"
        }.joined()
    }

    private mutating func sentence() -> String {
        let words = (0..<(5 + next(19))).map { _ in pick() }
        let text = words.joined(separator: " ")
        return text.prefix(1).uppercased() + text.dropFirst() + [".", ".", ".", "?", "!"][next(5)]
    }

    private mutating func pick() -> String {
        let target = Double(next(1 << 30)) / Double(1 << 30) * (cumulative.last ?? 1)
        var low = 0, high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] < target { low = middle + 1 } else { high = middle }
        }
        return vocabulary[low]
    }

    private mutating func next(_ bound: Int) -> Int {
        var generator = SplitMix(seed: state)
        let value = generator.next()
        state = generator.state
        return Int(value % UInt64(bound))
    }

    private func iso(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }
}
