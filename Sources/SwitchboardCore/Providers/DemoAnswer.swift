import Foundation

/// Writes the demo models' Markdown answers. They are plainly simulated, but shaped like real replies (headings,
/// lists, code, quotes) so every part of the workbench has something real to render.
enum DemoAnswer {
    static func compose(for prompt: String, model: String, paragraphs: Int) -> String {
        if prompt.hasPrefix("You are judging answers") { return judgement(of: prompt) }
        let topic = topicPhrase(prompt)
        let seed = FNV1a.hash(prompt + model)
        var parts: [String] = []
        parts.append(openings[Int(seed % UInt64(openings.count))].replacingOccurrences(of: "{topic}", with: topic))
        if wantsCode(prompt) {
            parts.append(codeSection(topic: topic))
        }
        if paragraphs > 1 {
            parts.append("## Key points\n\n" + points.map { "- " + $0.replacingOccurrences(of: "{topic}", with: topic) }
                .joined(separator: "\n"))
            parts.append("> A good answer about \(topic) depends on the details you leave out. "
                + "Ask a follow-up and I will narrow it down.")
        }
        if paragraphs > 2 {
            parts.append("### Next steps\n\n1. Write down what **done** looks like for \(topic).\n"
                + "2. Try the smallest version first and measure it.\n3. Keep what worked; drop the rest.")
        }
        parts.append("_Simulated answer from `\(model.replacingOccurrences(of: "demo-", with: "demo/"))`: no real model was called. "
            + "Set an API key (e.g. `OPENAI_API_KEY`) to talk to a real one._")
        return parts.joined(separator: "\n\n")
    }

    /// A simulated judge (for `compare --judge`): scores each answer by how much it says, 1 to 10, in the
    /// "Answer N: SCORE" lines the judge prompt asks for.
    static func judgement(of prompt: String) -> String {
        let parts = prompt.components(separatedBy: "\n\nAnswer ").dropFirst()
        return parts.enumerated().map { index, part in
            let words = part.split(whereSeparator: \.isWhitespace).count
            return "Answer \(index + 1): \(min(10, max(1, words / 25 + 3)))"
        }.joined(separator: "\n")
    }

    private static let openings = [
        "Here is a short take on **{topic}**. The demo provider answers offline, so treat this as a stand-in for a real reply: it streams, costs and times itself like one.",
        "Good question about **{topic}**. In short: start simple, measure, and only then add what the problem really needs. The rest of this reply shows the shape a real answer would take.",
        "Let's look at **{topic}**. A real model would tailor this to your context; this simulated one shows how Switchboard streams, meters and stores an answer.",
    ]

    private static let points = [
        "Name the goal behind {topic} in one sentence before choosing tools.",
        "Prefer the `boring` option until it is shown to be too slow or too costly.",
        "Watch the cost and latency in the sidebar: the cheapest model is often good enough.",
    ]

    private static func codeSection(topic: String) -> String {
        "```swift\n// A tiny sketch for \(topic.replacingOccurrences(of: "\n", with: " "))\n"
            + "func answer(_ question: String) -> String {\n    question.isEmpty ? \"Ask me something\" : \"Thinking about \\(question)\"\n}\n```"
    }

    private static func wantsCode(_ prompt: String) -> Bool {
        let lowered = prompt.lowercased()
        return ["code", "function", "swift", "python", "implement", "bug", "script", "program"]
            .contains { lowered.contains($0) }
    }

    /// A few words of the prompt to echo back, without Markdown or control characters that would garble it.
    static func topicPhrase(_ prompt: String) -> String {
        let words = prompt.split(whereSeparator: { $0.isWhitespace || $0.isNewline })
            .map { $0.filter { $0.isLetter || $0.isNumber || "-+'./".contains($0) } }
            .filter { !$0.isEmpty }
        guard !words.isEmpty else { return "your question" }
        let phrase = words.prefix(6).joined(separator: " ")
        return words.count > 6 ? phrase + "…" : phrase
    }
}
