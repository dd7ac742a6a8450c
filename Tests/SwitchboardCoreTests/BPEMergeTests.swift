import Foundation
@testable import SwitchboardCore
import SwitchboardTestSupport
import XCTest

/// The heap merge (long pieces) must merge exactly as the scan (short pieces), which is tiktoken's algorithm.
final class BPEMergeTests: XCTestCase {
    func testHeapAndScanMergeAlike() throws {
        let data = try Data(contentsOf: try EncodingFiles.url(of: .o200kBase))
        let ranks = try BPERanks(parsing: data)
        var generator = SplitMix(seed: 7)
        let alphabet = Array("aeiou nrstlhd".utf8) + Array("éж你😀=-_".utf8)
        for length in [2, 3, 5, 17, 64, 127, 128, 300] {
            for _ in 0..<20 {
                let piece = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
                piece.withUnsafeBufferPointer { buffer in
                    guard let base = buffer.baseAddress else { return }
                    XCTAssertEqual(ranks.mergeWithHeap(base, length), ranks.mergeByScanning(base, length),
                                   String(decoding: piece, as: UTF8.self))
                }
            }
        }
    }

    /// A 20,000-space run is one piece: quadratic merging would stall the meter for seconds.
    func testALongRunIsMergedQuickly() throws {
        let tokenizer = try XCTUnwrap(TokenEncoding.cl100kBase.tokenizer)
        let clock = ContinuousClock()
        var count = 0
        let elapsed = clock.measure { count = tokenizer.count("x" + String(repeating: " ", count: 20_000) + "x") }
        XCTAssertGreaterThan(count, 2)
        XCTAssertLessThan(elapsed, .seconds(2))
    }

    func testTheHeapPopsLowestRankThenLeftmost() {
        var heap = PairHeap()
        for (rank, start) in [(5, 0), (2, 9), (2, 3), (7, 1), (2, 6)] { heap.push(PairHeap.Entry(rank: rank, start: start, end: start + 2)) }
        var order: [Int] = []
        while let entry = heap.pop() { order.append(entry.start) }
        XCTAssertEqual(order, [3, 6, 9, 0, 1])
    }
}
