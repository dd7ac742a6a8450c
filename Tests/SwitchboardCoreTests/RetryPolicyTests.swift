import XCTest
@testable import SwitchboardCore

final class RetryPolicyTests: XCTestCase {
    let policy = RetryPolicy()

    private func error(_ kind: ProviderError.Kind, wait: Duration? = nil) -> ProviderError {
        ProviderError(kind: kind, provider: "p", status: nil, message: "", retryAfter: wait)
    }

    func testShortRateLimitWaitIsHonouredOnTheSameDeploymentEvenWithAFallback() {
        let decision = policy.decide(after: error(.rateLimited, wait: .seconds(1)), attemptsOnCandidate: 1,
                                     attemptsInTurn: 1, hasNextCandidate: true, jitter: 0)
        XCTAssertEqual(decision, .retrySame(after: .seconds(1)))
    }

    func testLongRateLimitWaitMovesOnWhenThereIsSomewhereToGo() {
        XCTAssertEqual(policy.decide(after: error(.rateLimited, wait: .seconds(60)), attemptsOnCandidate: 1,
                                     attemptsInTurn: 1, hasNextCandidate: true, jitter: 0), .nextCandidate)
        XCTAssertEqual(policy.decide(after: error(.rateLimited, wait: .seconds(60)), attemptsOnCandidate: 1,
                                     attemptsInTurn: 1, hasNextCandidate: false, jitter: 0), .giveUp)
    }

    func testOverloadFallsBackWhenPossibleAndBacksOffOtherwise() {
        XCTAssertEqual(policy.decide(after: error(.overloaded), attemptsOnCandidate: 1, attemptsInTurn: 1,
                                     hasNextCandidate: true, jitter: 0), .nextCandidate)
        XCTAssertEqual(policy.decide(after: error(.overloaded), attemptsOnCandidate: 1, attemptsInTurn: 1,
                                     hasNextCandidate: false, jitter: 0), .retrySame(after: .milliseconds(500)))
        XCTAssertEqual(policy.decide(after: error(.server), attemptsOnCandidate: 2, attemptsInTurn: 2,
                                     hasNextCandidate: false, jitter: 0), .retrySame(after: .seconds(1)))
    }

    func testAttemptsPerCandidateAndPerTurnAreBounded() {
        XCTAssertEqual(policy.decide(after: error(.server), attemptsOnCandidate: 3, attemptsInTurn: 3,
                                     hasNextCandidate: false, jitter: 0), .giveUp)
        XCTAssertEqual(policy.decide(after: error(.server), attemptsOnCandidate: 3, attemptsInTurn: 3,
                                     hasNextCandidate: true, jitter: 0), .nextCandidate)
        XCTAssertEqual(policy.decide(after: error(.server), attemptsOnCandidate: 1, attemptsInTurn: 8,
                                     hasNextCandidate: true, jitter: 0), .giveUp)
    }

    func testNonRetryableErrorsSkipToTheNextCandidateAndBadRequestsStop() {
        for kind in [ProviderError.Kind.auth, .billing, .notFound, .contextLength] {
            XCTAssertEqual(policy.decide(after: error(kind), attemptsOnCandidate: 1, attemptsInTurn: 1,
                                         hasNextCandidate: true, jitter: 0), .nextCandidate, "\(kind)")
        }
        XCTAssertEqual(policy.decide(after: error(.badRequest), attemptsOnCandidate: 1, attemptsInTurn: 1,
                                     hasNextCandidate: true, jitter: 0), .giveUp)
        XCTAssertEqual(policy.decide(after: error(.contentPolicy), attemptsOnCandidate: 1, attemptsInTurn: 1,
                                     hasNextCandidate: true, jitter: 0), .giveUp)
    }

    func testBackoffDoublesIsCappedAndJitterShortensByAtMostAQuarter() {
        XCTAssertEqual(policy.backoff(attempt: 1, jitter: 0), .milliseconds(500))
        XCTAssertEqual(policy.backoff(attempt: 3, jitter: 0), .seconds(2))
        XCTAssertEqual(policy.backoff(attempt: 10, jitter: 0), .seconds(8))
        XCTAssertEqual(policy.backoff(attempt: 10, jitter: 1), .seconds(6))
    }
}
