import XCTest
@testable import SwitchboardCore

final class DifficultyScorerTests: XCTestCase {
    let scorer = DifficultyScorer()

    private func signals(_ score: DifficultyScore, containing text: String) -> [String] {
        score.signals.filter { $0.contains(text) }
    }

    func testTrivialQuestionIsSimpleWithNoSignals() {
        let score = scorer.score([.user("what is 2+2?")])
        XCTAssertEqual(score.tier, .simple)
        XCTAssertEqual(score.score, 0)
        XCTAssertEqual(score.signals, [])
        XCTAssertEqual(scorer.score([.user("hi there!")]).tier, .simple)
    }

    func testMultiStepCodingTaskIsComplexOrHarderAndSaysWhy() {
        let prompt = "Write a Swift function that parses ISO-8601 dates, then add unit tests and explain the edge cases step by step"
        let score = scorer.score([.user(prompt)])
        XCTAssertGreaterThanOrEqual(score.tier, .complex, "\(score)")
        XCTAssertEqual(signals(score, containing: "coding task").count, 1, "\(score.signals)")
        XCTAssertEqual(signals(score, containing: "reasoning marker 'step by step' +1.5").count, 1, "\(score.signals)")
        XCTAssertEqual(signals(score, containing: "analysis marker 'edge cases' +0.75").count, 1, "\(score.signals)")
        XCTAssertEqual(signals(score, containing: "3 instructions +1").count, 1, "\(score.signals)")
        XCTAssertEqual(signals(score, containing: "sequencing words (1) +0.5").count, 1, "\(score.signals)")
    }

    func testTheScoreIsTheSumOfTheSignals() {
        let score = scorer.score([.user("Explain why the sky is blue, then compare it with a sunset.")])
        let summed = score.signals.compactMap { line -> Double? in
            guard let plus = line.range(of: " +", options: .backwards) else { return nil }
            return Double(line[plus.upperBound...])
        }.reduce(0, +)
        XCTAssertEqual(score.score, summed, accuracy: 1e-9)
        XCTAssertGreaterThan(score.score, 0)
    }

    func testProofOverMathematicsIsReasoningEvenWhenShort() {
        let score = scorer.score([.user("Prove that there are infinitely many primes.")])
        XCTAssertEqual(score.tier, .reasoning, "\(score)")
        XCTAssertTrue(score.signals.contains("proof or derivation over math: reasoning tier"), "\(score.signals)")
        // "prove" without mathematics is not lifted.
        XCTAssertLessThan(scorer.score([.user("Prove you are awake")]).tier, .reasoning)
    }

    func testCodeBlocksAndStackTracesCount() {
        let code = "Fix this:\n```swift\nfunc f() -> Int { return 1 }\n```\nand this\n```\nlet x = 2;\n```"
        let codeScore = scorer.score([.user(code)])
        XCTAssertEqual(signals(codeScore, containing: "2 code blocks +2.5").count, 1, "\(codeScore.signals)")
        XCTAssertGreaterThanOrEqual(codeScore.tier, .medium)

        let trace = """
        Why does this crash?
        Exception in thread "main" java.lang.NullPointerException
            at com.example.App.run(App.java:12)
            at com.example.App.main(App.java:5)
        """
        let traceScore = scorer.score([.user(trace)])
        XCTAssertEqual(signals(traceScore, containing: "stack trace or error log +1.5").count, 1, "\(traceScore.signals)")
        XCTAssertGreaterThanOrEqual(traceScore.tier, .medium)
    }

    func testCodeInsideFencesIsNotReadAsInstructions() {
        let score = scorer.score([.user("Look:\n```\nreturn x\nwrite y\n1. step\n- item\n```")])
        XCTAssertFalse(score.signals.contains { $0.contains("instructions") || $0.contains("list") }, "\(score.signals)")
        XCTAssertTrue(score.signals.contains("1 code block +2"), "\(score.signals)")
    }

    func testVolumeWithoutReasoningMarkersStopsAtComplex() {
        let paste = "Fix this:\n```swift\n" + String(repeating: "func f() -> Int { return 1 }\nlet x = 2;\n", count: 200)
            + "```\nTraceback (most recent call last):\n  File \"a.py\", line 3\n"
        let score = scorer.score([.user(paste)])
        XCTAssertGreaterThanOrEqual(score.score, 6, "\(score.signals)")
        XCTAssertEqual(score.tier, .complex)
        XCTAssertEqual(score.signals.last, "no reasoning markers: complex tier")
    }

    func testAQuestionAboutCodeIsAtLeastMedium() {
        let score = scorer.score([.user("Why does my Python code raise KeyError when I access a dict?")])
        XCTAssertEqual(score.tier, .medium)
        XCTAssertTrue(score.signals.contains("about code (code, python) +0.75"), "\(score.signals)")
    }

    func testNumberedStepsCountAsMultiStep() {
        let prompt = "Plan my trip:\n1. book a flight\n2. find a hotel\n3. list three museums"
        let score = scorer.score([.user(prompt)])
        XCTAssertEqual(signals(score, containing: "3-item list +1").count, 1, "\(score.signals)")
        let bullets = scorer.score([.user("Do these:\n- one\n- two\n")])
        XCTAssertEqual(signals(bullets, containing: "2-item list +0.5").count, 1, "\(bullets.signals)")
    }

    func testMarkersMatchWholeWordsOnly() {
        // "whyte", "provence", "explained" and "proved" are not the markers "why", "prove", "explain".
        let score = scorer.score([.user("Mrs Whyte visited Provence and explained she proved nothing")])
        XCTAssertEqual(score.signals, [])
        // Curly quotes and dashes separate words.
        let dashed = scorer.score([.user("explain\u{2014}why")])
        XCTAssertEqual(signals(dashed, containing: "analysis marker").count, 2, "\(dashed.signals)")
    }

    func testMathSymbolsAndLatexCount() {
        let score = scorer.score([.user("Simplify \\frac{a}{b} + \u{2211} x")])
        XCTAssertEqual(signals(score, containing: "math (latex, math symbols) +1.5").count, 1, "\(score.signals)")
    }

    func testLengthAddsPoints() {
        let long = String(repeating: "The quick brown fox jumps over the lazy dog. ", count: 160)
        let score = scorer.score([.user(long)])
        XCTAssertEqual(signals(score, containing: "prompt ~\(TokenEstimator.estimate(long)) tokens +3").count, 1, "\(score.signals)")
        XCTAssertEqual(score.tier, .medium)
    }

    func testConversationDepthAndCodeInContextRaiseAFollowUp() {
        let alone = scorer.score([.user("now do the same for the other file")])
        var history: [ChatMessage] = []
        for turn in 0..<8 {
            history.append(.user("question \(turn)"))
            history.append(.assistant(turn == 7 ? "```swift\nlet a = 1\n```" : "answer \(turn)"))
        }
        let deep = scorer.score(history + [.user("now do the same for the other file")])
        XCTAssertEqual(alone.tier, .simple)
        XCTAssertTrue(deep.signals.contains("conversation depth 8 turns +1"), "\(deep.signals)")
        XCTAssertTrue(deep.signals.contains("conversation involves code +0.5"), "\(deep.signals)")
        XCTAssertEqual(deep.score, alone.score + 1.5, accuracy: 1e-9)
        XCTAssertEqual(deep.tier, .medium)
    }

    func testScoresTheLastUserMessage() {
        let score = scorer.score([.user("Prove Fermat's last theorem rigorously"), .assistant("..."), .user("thanks")])
        XCTAssertEqual(score.tier, .simple)
        XCTAssertEqual(scorer.score([]).tier, .simple)
    }

    func testScoresNearABoundaryRoundUp() {
        // "why?" is worth 0.75: within 0.35 of a boundary at 1.0 it rounds up; with a 0.1 margin it does not.
        let generous = DifficultyScorer(thresholds: .init(medium: 1.0, complex: 3, reasoning: 5, roundUpMargin: 0.35))
        let strict = DifficultyScorer(thresholds: .init(medium: 1.0, complex: 3, reasoning: 5, roundUpMargin: 0.1))
        let up = generous.score([.user("why?")])
        XCTAssertEqual(up.tier, .medium)
        XCTAssertEqual(up.signals.last, "score 0.75 is within 0.35 of medium (1): rounded up")
        XCTAssertEqual(strict.score([.user("why?")]).tier, .simple)
    }

    func testDeterministic() {
        let messages: [ChatMessage] = [.user("Refactor this Python module and explain the trade-offs:\n```python\ndef f(): pass\n```")]
        XCTAssertEqual(scorer.score(messages), scorer.score(messages))
        XCTAssertTrue(scorer.score(messages).signals.contains("analysis marker 'trade offs' +0.75"))
    }

    func testEveryVocabularyWordIsFoundByItsBytesAndOthersAreNot() {
        let lexicon = DifficultyScorer.Vocabulary.lexicon
        XCTAssertGreaterThan(lexicon.count, 200)
        for (index, word) in lexicon.words.enumerated() {
            let found = Array(word.utf8).withUnsafeBufferPointer { lexicon.find($0) }
            XCTAssertEqual(found, index, word)
        }
        for other in ["", "zebra", "explains", "step by", "the", String(repeating: "a", count: 40)] {
            XCTAssertNil(Array(other.utf8).withUnsafeBufferPointer { lexicon.find($0) }, other)
        }
        XCTAssertEqual(lexicon.roles[lexicon.words.firstIndex(of: "explain") ?? -1], [.imperative, .weak])
    }

    func testPhrasesSurviveHyphensCaseAndLineBreaks() {
        for text in ["Do it Step-By-Step", "do it step by\nstep", "think it through step  by  step"] {
            let score = scorer.score([.user(text)])
            XCTAssertTrue(score.signals.contains("reasoning marker 'step by step' +1.5"), "\(text): \(score.signals)")
        }
        XCTAssertTrue(scorer.score([.user("walk me through it")]).signals.contains("reasoning marker 'walk me through' +1.5"))
        XCTAssertFalse(scorer.score([.user("one step by one")]).signals.contains { $0.contains("step by step") })
    }

    func testTierOrderAndNeighbours() {
        XCTAssertLessThan(Tier.simple, .medium)
        XCTAssertLessThan(Tier.complex, .reasoning)
        XCTAssertEqual(Tier.simple.higher, .medium)
        XCTAssertNil(Tier.reasoning.higher)
        XCTAssertEqual(Tier.reasoning.lower, .complex)
        XCTAssertNil(Tier.simple.lower)
    }

    /// Reports the cost of one call; asserts nothing about time (shared machine).
    func testReportsTimePerCall() {
        let messages: [ChatMessage] = [
            .user("Hello"), .assistant("Hi! How can I help?"),
            .user("Write a Swift function that parses ISO-8601 dates, then add unit tests and explain the edge cases step by step"),
        ]
        let iterations = 20_000
        var tiers = 0
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for _ in 0..<iterations { tiers += scorer.score(messages).tier == .simple ? 0 : 1 }
        }
        XCTAssertEqual(tiers, iterations)
        print("DifficultyScorer.score in this build (debug is ~10x slower than release): \(elapsed.seconds / Double(iterations) * 1e6) µs per call")
    }
}
