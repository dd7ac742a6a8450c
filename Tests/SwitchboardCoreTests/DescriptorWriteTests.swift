import Foundation
import XCTest
@testable import SwitchboardCore

/// `DescriptorWrite.all` reports what `FileHandle.write` traps on, and finishes what a short write leaves.
final class DescriptorWriteTests: XCTestCase {
    func testAFullDeviceReportsENOSPC() throws {
        let descriptor = open("/dev/full", O_WRONLY)
        guard descriptor >= 0 else { throw XCTSkip("/dev/full is not available here") }
        defer { close(descriptor) }
        XCTAssertEqual(DescriptorWrite.all(Data("hello".utf8), to: descriptor), ENOSPC)
    }

    func testAPipeWithNoReaderReportsEPIPE() throws {
        let previous = signal(SIGPIPE, SIG_IGN)
        defer { signal(SIGPIPE, previous) }
        var ends: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&ends), 0)
        close(ends[0])
        defer { close(ends[1]) }
        XCTAssertEqual(DescriptorWrite.all(Data("hello".utf8), to: ends[1]), EPIPE)
    }

    func testAClosedDescriptorReportsEBADF() {
        var ends: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&ends), 0)
        close(ends[0])
        close(ends[1])
        XCTAssertEqual(DescriptorWrite.all(Data("hello".utf8), to: ends[1]), EBADF)
    }

    func testMoreThanAPipeHoldsArrivesWhole() throws {
        // 1 MiB through a 64 KiB pipe: write(2) returns short counts, and every byte must still arrive in order.
        var ends: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&ends), 0)
        let data = Data((0..<1_048_576).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        let reader = ends[0]
        let box = ReceivedBytes()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            box.data = FileHandle(fileDescriptor: reader, closeOnDealloc: true).readDataToEndOfFile()
            done.signal()
        }
        XCTAssertNil(DescriptorWrite.all(data, to: ends[1]))
        close(ends[1])
        done.wait()
        XCTAssertEqual(box.data, data)
    }

    func testNothingToWriteIsSuccess() {
        XCTAssertNil(DescriptorWrite.all(Data(), to: -1))
    }
}

private final class ReceivedBytes: @unchecked Sendable {
    var data = Data()
}
