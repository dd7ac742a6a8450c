import XCTest
@testable import SwitchboardStore

final class StoreLocationTests: XCTestCase {
    func testExplicitPathWinsOverEnvironment() {
        let url = StoreLocation.resolve(explicit: "/tmp/a/b.sqlite",
                                        environment: ["SWITCHBOARD_DB": "/tmp/env.sqlite", "HOME": "/home/x"])
        XCTAssertEqual(url.path, "/tmp/a/b.sqlite")
    }

    func testEnvironmentVariableBeforeXDG() {
        let url = StoreLocation.resolve(explicit: nil, environment: ["SWITCHBOARD_DB": "~/db.sqlite",
                                                                     "XDG_DATA_HOME": "/xdg", "HOME": "/home/x"])
        XCTAssertEqual(url.path, "/home/x/db.sqlite")
    }

    func testXDGDataHome() {
        let url = StoreLocation.resolve(explicit: nil, environment: ["XDG_DATA_HOME": "/xdg", "HOME": "/home/x"])
        XCTAssertEqual(url.path, "/xdg/switchboard/switchboard.sqlite")
    }

    func testRelativeXDGIsIgnoredAndHomeIsUsed() {
        let url = StoreLocation.resolve(explicit: nil, environment: ["XDG_DATA_HOME": "relative", "HOME": "/home/x"])
        XCTAssertEqual(url.path, "/home/x/.local/share/switchboard/switchboard.sqlite")
    }

    func testEmptyValuesFallThrough() {
        let url = StoreLocation.resolve(explicit: "", environment: ["SWITCHBOARD_DB": "", "HOME": "/home/y"])
        XCTAssertEqual(url.path, "/home/y/.local/share/switchboard/switchboard.sqlite")
    }

    func testRelativeExplicitPathIsTakenFromCurrentDirectory() {
        let url = StoreLocation.resolve(explicit: "here.sqlite", environment: ["HOME": "/home/x"])
        XCTAssertEqual(url.path, FileManager.default.currentDirectoryPath + "/here.sqlite")
    }
}
