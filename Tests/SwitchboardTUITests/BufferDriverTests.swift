import XCTest
@testable import SwitchboardTUI

final class BufferDriverTests: XCTestCase {
    func testCountsOnlyTheCellsThatChanged() {
        let driver = BufferDriver(size: Size(width: 10, height: 2))
        var frame = ScreenBuffer(size: Size(width: 10, height: 2))
        frame.put("hello", x: 0, y: 0, style: .plain)
        driver.draw(frame)
        XCTAssertEqual(driver.cellsChangedByLastDraw, 5)
        frame.put("J", x: 0, y: 0, style: .plain)
        driver.draw(frame)
        XCTAssertEqual(driver.cellsChangedByLastDraw, 1)
        XCTAssertEqual(driver.lines, ["Jello", ""])
    }

    func testSendsInputToTheSink() throws {
        let driver = BufferDriver()
        let received = LockedBox<[TerminalEvent]>([])
        _ = try driver.start { event in received.mutate { $0.append(event) } }
        driver.type(.char("a"), .enter)
        driver.resize(to: Size(width: 50, height: 10))
        XCTAssertEqual(received.value, [.keys([.char("a"), .enter]), .resize(Size(width: 50, height: 10))])
    }

    func testKeepsClipboardWritesAndStop() {
        let driver = BufferDriver()
        driver.copyToClipboard("code")
        driver.stop()
        XCTAssertEqual(driver.copied, ["code"])
        XCTAssertTrue(driver.isStopped)
    }
}

/// A value shared with callbacks on other threads.
final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) { stored = value }

    var value: Value { lock.withLock { stored } }

    func mutate(_ change: (inout Value) -> Void) { lock.withLock { change(&stored) } }
}
