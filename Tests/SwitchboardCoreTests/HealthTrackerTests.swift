import XCTest
@testable import SwitchboardCore

final class HealthTrackerTests: XCTestCase {
    /// The test clock: a fixed origin; every instant is `at(seconds)`.
    let origin = ContinuousClock.now
    func at(_ seconds: Double) -> ContinuousClock.Instant { origin + .milliseconds(Int(seconds * 1000)) }

    let key = "p/model"

    private func fail(_ tracker: inout HealthTracker, _ kind: ProviderError.Kind = .overloaded, at seconds: Double,
                      retryAfter: Duration? = nil) {
        tracker.record(key, outcome: .failure(kind), at: at(seconds), retryAfter: retryAfter)
    }

    private func succeed(_ tracker: inout HealthTracker, at seconds: Double) {
        tracker.record(key, outcome: .success, at: at(seconds))
    }

    func testUnknownDeploymentIsHealthy() {
        let tracker = HealthTracker()
        XCTAssertEqual(tracker.state("x", at: at(0)), .closed)
        XCTAssertTrue(tracker.admits("x", at: at(0)))
        XCTAssertNil(tracker.snapshot(of: "x", at: at(0)))
    }

    func testConsecutiveFailuresOpenTheBreakerForTheBaseCooldown() {
        var tracker = HealthTracker()
        fail(&tracker, at: 0)
        fail(&tracker, at: 1)
        XCTAssertEqual(tracker.state(key, at: at(1)), .closed)
        fail(&tracker, at: 2)
        XCTAssertEqual(tracker.state(key, at: at(2)), .open(until: at(32)))
        XCTAssertFalse(tracker.admits(key, at: at(31.9)))
        XCTAssertEqual(tracker.state(key, at: at(32)), .halfOpen(probeInFlight: false))
        XCTAssertTrue(tracker.admits(key, at: at(32)))
    }

    func testASuccessBreaksTheRun() {
        // A high share threshold, so only the run of failures is under test.
        var tracker = HealthTracker(settings: .init(errorShare: 0.9))
        fail(&tracker, at: 0)
        fail(&tracker, at: 1)
        succeed(&tracker, at: 2)
        fail(&tracker, at: 3)
        fail(&tracker, at: 4)
        XCTAssertEqual(tracker.state(key, at: at(4)), .closed)
        XCTAssertEqual(tracker.snapshot(of: key, at: at(4))?.consecutiveFailures, 2)
    }

    func testAHighErrorShareOpensOnceThereAreEnoughSamples() {
        var tracker = HealthTracker()
        fail(&tracker, at: 0)
        succeed(&tracker, at: 1)
        fail(&tracker, at: 2)
        succeed(&tracker, at: 3)
        XCTAssertEqual(tracker.state(key, at: at(3)), .closed, "2 of 4 is below the 5-sample minimum")
        fail(&tracker, at: 4)
        XCTAssertEqual(tracker.state(key, at: at(4)), .open(until: at(34)))
        XCTAssertEqual(tracker.snapshot(of: key, at: at(4))?.reason, "3 of the last 5 attempts failed (last: overloaded); cooling down 30s")
    }

    func testTheWindowKeepsOnlyRecentAndOnlyTheLastNOutcomes() {
        var tracker = HealthTracker()
        fail(&tracker, at: 0)
        fail(&tracker, at: 1)
        fail(&tracker, at: 302)
        XCTAssertEqual(tracker.state(key, at: at(302)), .closed, "failures older than 5 minutes are forgotten")

        var capped = HealthTracker(settings: .init(windowSize: 4, minimumSamples: 4))
        for second in 0..<4 { capped.record(key, outcome: .success, at: at(Double(second))) }
        capped.record(key, outcome: .failure(.server), at: at(4))
        XCTAssertEqual(capped.state(key, at: at(4)), .closed)
        capped.record(key, outcome: .failure(.server), at: at(5))
        // The window now holds [success, success, failure, failure]: half failed.
        XCTAssertEqual(capped.state(key, at: at(5)), .open(until: at(35)))
    }

    func testHalfOpenLetsExactlyOneProbeThroughAndItsSuccessCloses() {
        var tracker = HealthTracker()
        for second in 0..<3 { fail(&tracker, at: Double(second)) }
        XCTAssertFalse(tracker.beginProbe(key, at: at(10)), "still cooling down")
        XCTAssertTrue(tracker.beginProbe(key, at: at(32)))
        XCTAssertEqual(tracker.state(key, at: at(33)), .halfOpen(probeInFlight: true))
        XCTAssertFalse(tracker.admits(key, at: at(33)))
        XCTAssertFalse(tracker.beginProbe(key, at: at(33)))
        succeed(&tracker, at: 34)
        XCTAssertEqual(tracker.state(key, at: at(34)), .closed)
        // A fresh window: one failure does not reopen it, though three failures happened 34 s ago.
        fail(&tracker, at: 35)
        XCTAssertEqual(tracker.state(key, at: at(35)), .closed)
        XCTAssertTrue(tracker.beginProbe(key, at: at(35)), "healthy deployments are always admitted")
    }

    func testAFailedProbeReopensForLongerUpToTheCap() {
        var tracker = HealthTracker(settings: .init(maxCooldown: .seconds(100)))
        for second in 0..<3 { fail(&tracker, at: Double(second)) }
        XCTAssertTrue(tracker.beginProbe(key, at: at(32)))
        fail(&tracker, .timeout, at: 33)
        XCTAssertEqual(tracker.state(key, at: at(33)), .open(until: at(93)), "second trip: 60 s")
        XCTAssertEqual(tracker.snapshot(of: key, at: at(33))?.reason, "probe failed (timeout); cooling down 60s")
        fail(&tracker, at: 93)
        XCTAssertEqual(tracker.state(key, at: at(93)), .open(until: at(193)), "third trip: 120 s capped at 100 s")
    }

    func testCooldownGrowthIsForgottenAfterALongHealthyPeriod() {
        var tracker = HealthTracker()
        for second in 0..<3 { fail(&tracker, at: Double(second)) }
        succeed(&tracker, at: 40)
        for second in 50..<53 { fail(&tracker, at: Double(second)) }
        XCTAssertEqual(tracker.state(key, at: at(52)), .open(until: at(112)), "tripped again soon: doubled")
        succeed(&tracker, at: 120)
        for second in 1100..<1103 { fail(&tracker, at: Double(second)) }
        XCTAssertEqual(tracker.state(key, at: at(1102)), .open(until: at(1132)), "long after: back to the base")
    }

    func testRetryAfterKeepsTheDeploymentOutAtLeastThatLong() {
        var tracker = HealthTracker()
        fail(&tracker, .rateLimited, at: 0, retryAfter: .seconds(45))
        XCTAssertEqual(tracker.state(key, at: at(0)), .open(until: at(45)), "one 429 with a wait is respected")
        XCTAssertEqual(tracker.snapshot(of: key, at: at(0))?.trips, 0)
        XCTAssertEqual(tracker.state(key, at: at(45)), .halfOpen(probeInFlight: false))

        var tripped = HealthTracker()
        fail(&tripped, at: 0)
        fail(&tripped, at: 1)
        fail(&tripped, .rateLimited, at: 2, retryAfter: .seconds(90))
        XCTAssertEqual(tripped.state(key, at: at(2)), .open(until: at(92)), "the wait beats the 30 s cooldown")
        fail(&tripped, .rateLimited, at: 10, retryAfter: .seconds(100))
        XCTAssertEqual(tripped.state(key, at: at(10)), .open(until: at(110)), "a later, longer wait extends it")
    }

    func testFailuresAboutTheRequestDoNotCount() {
        var tracker = HealthTracker()
        for (index, kind) in [ProviderError.Kind.badRequest, .contentPolicy, .contextLength, .badRequest, .contextLength].enumerated() {
            fail(&tracker, kind, at: Double(index))
        }
        XCTAssertEqual(tracker.state(key, at: at(5)), .closed)
        XCTAssertEqual(tracker.snapshot(of: key, at: at(5))?.samples, 0)
        XCTAssertTrue(HealthTracker.counts(.auth))
        XCTAssertTrue(HealthTracker.counts(.truncated))
        XCTAssertFalse(HealthTracker.counts(.badRequest))
    }

    func testANeutralOutcomeFreesTheProbeSlot() {
        var tracker = HealthTracker()
        for second in 0..<3 { fail(&tracker, at: Double(second)) }
        XCTAssertTrue(tracker.beginProbe(key, at: at(32)))
        tracker.record(key, outcome: .failure(.contextLength), at: at(33))
        XCTAssertEqual(tracker.state(key, at: at(33)), .halfOpen(probeInFlight: false))
        XCTAssertTrue(tracker.beginProbe(key, at: at(34)))
        tracker.record(key, outcome: .neutral, at: at(35))
        XCTAssertTrue(tracker.admits(key, at: at(35)))
    }

    func testALostProbeFreesTheSlotAfterTheProbeTimeout() {
        var tracker = HealthTracker()
        for second in 0..<3 { fail(&tracker, at: Double(second)) }
        XCTAssertTrue(tracker.beginProbe(key, at: at(32)))
        XCTAssertFalse(tracker.admits(key, at: at(151)))
        XCTAssertTrue(tracker.admits(key, at: at(152)))
    }

    func testEarliestRecoveryIsTheFirstCandidateBackInService() {
        var tracker = HealthTracker()
        for second in 0..<3 { tracker.record("a", outcome: .failure(.server), at: at(Double(second))) }
        for second in 10..<13 { tracker.record("b", outcome: .failure(.server), at: at(Double(second))) }
        XCTAssertEqual(tracker.earliestRecovery(of: ["a", "b"], at: at(20)), at(32))
        XCTAssertEqual(tracker.earliestRecovery(of: ["b"], at: at(20)), at(42))
        XCTAssertEqual(tracker.earliestRecovery(of: ["a", "b", "fresh"], at: at(20)), at(20))
        XCTAssertEqual(tracker.earliestRecovery(of: ["a"], at: at(40)), at(40))
        XCTAssertNil(tracker.earliestRecovery(of: [String](), at: at(20)))
        XCTAssertTrue(tracker.beginProbe("a", at: at(33)))
        XCTAssertEqual(tracker.earliestRecovery(of: ["a"], at: at(34)), at(153), "the probe's slot frees after its timeout")
    }

    func testSeedingFromTheLedgerRebuildsCooldowns() {
        let wallNow = Date(timeIntervalSince1970: 1_800_000_000)
        func attempt(_ outcome: AttemptRecord.Outcome, endedSecondsAgo: Double, provider: String = "p") -> AttemptRecord {
            AttemptRecord(turnID: UUID(), ordinal: 1, model: "m", provider: provider, providerModel: "model", reason: "",
                          outcome: outcome, startedAt: wallNow.addingTimeInterval(-endedSecondsAgo - 2), duration: .seconds(2))
        }
        let attempts = [
            attempt(.failed(.overloaded, afterFirstToken: false), endedSecondsAgo: 12),
            attempt(.cancelled, endedSecondsAgo: 11),
            attempt(.failed(.server, afterFirstToken: true), endedSecondsAgo: 11),
            attempt(.failed(.overloaded, afterFirstToken: false), endedSecondsAgo: 10),
            attempt(.success, endedSecondsAgo: 5000, provider: "q"),
            attempt(.failed(.server, afterFirstToken: false), endedSecondsAgo: 3, provider: "q"),
        ]
        let now = at(0)
        let tracker = HealthTracker(seeding: attempts.reversed(), now: now, wallNow: wallNow)
        XCTAssertEqual(tracker.state(key, at: now), .open(until: now + .seconds(20)))
        XCTAssertEqual(tracker.state("q/model", at: now), .closed)
        XCTAssertEqual(tracker.snapshot(of: "q/model", at: now)?.samples, 1, "the attempt 5000 s ago is past the lookback")
    }

    func testSnapshotDescribesEachDeployment() throws {
        var tracker = HealthTracker()
        for second in 0..<3 { fail(&tracker, at: Double(second)) }
        tracker.record("b/x", outcome: .success, at: at(1))
        let snapshots = tracker.snapshot(at: at(12))
        XCTAssertEqual(snapshots.map(\.key), ["b/x", key])
        let cooling = snapshots[1]
        XCTAssertEqual(cooling.status, .coolingDown)
        XCTAssertEqual(cooling.cooldownRemaining, .seconds(20))
        XCTAssertEqual(cooling.errorShare, 1)
        XCTAssertEqual(cooling.consecutiveFailures, 3)
        XCTAssertEqual(cooling.lastFailure, .overloaded)
        XCTAssertEqual(cooling.reason, "3 failures in a row (last: overloaded); cooling down 30s")
        XCTAssertEqual(snapshots[0].status, .healthy)
        XCTAssertEqual(snapshots[0].errorShare, 0)
        XCTAssertNil(snapshots[0].reason)

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(cooling), as: UTF8.self)
        XCTAssertEqual(json, #"{"consecutive_failures":3,"cooldown_remaining_seconds":20,"error_share":1,"failures":3,"#
            + #""key":"p\/model","last_failure":"overloaded","reason":"3 failures in a row (last: overloaded); cooling down 30s","#
            + #""samples":3,"status":"cooling_down","trips":1}"#)
    }

    func testOutcomeFromAnAttemptRecord() {
        XCTAssertEqual(HealthTracker.Outcome(.success), .success)
        XCTAssertEqual(HealthTracker.Outcome(.cancelled), .neutral)
        XCTAssertEqual(HealthTracker.Outcome(.failed(.truncated, afterFirstToken: true)), .failure(.truncated))
    }
}
