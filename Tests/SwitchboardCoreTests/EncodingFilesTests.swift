import Foundation
@testable import SwitchboardCore
import XCTest

/// The rank files travel as a resource bundle beside the built executable; without it counts are estimated,
/// never a crash.
final class EncodingFilesTests: XCTestCase {
    /// Where `swift build` puts the `switchboard` binary, found from this file as CLIRunner finds it.
    private var buildProducts: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug")
    }

    func testTheBundleSitsBesideTheSwitchboardBinary() throws {
        for encoding in TokenEncoding.allCases {
            let url = try EncodingFiles.url(of: encoding, searching: [buildProducts])
            XCTAssertEqual(url.lastPathComponent, encoding.rawValue + ".tiktoken")
            XCTAssertTrue(url.path.contains("Switchboard_SwitchboardCore."), url.path)
        }
    }

    func testAFolderWithoutTheBundleSaysWhereItLooked() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("sb-no-bundle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        XCTAssertThrowsError(try EncodingFiles.url(of: .o200kBase, searching: [empty])) { error in
            let missing = error as? EncodingFiles.Missing
            XCTAssertEqual(missing?.file, "o200k_base.tiktoken")
            XCTAssertEqual(missing?.searched.first, empty.appendingPathComponent("Switchboard_SwitchboardCore.resources").path)
        }
    }

    func testTheRunningProcessFindsThem() throws {
        XCTAssertFalse(EncodingFiles.candidateDirectories().isEmpty)
        XCTAssertNoThrow(try EncodingFiles.url(of: .cl100kBase))
    }
}
