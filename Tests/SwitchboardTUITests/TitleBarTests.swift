import XCTest
@testable import SwitchboardTUI

/// The title bar, built from its own slice of state (no `AppState`), compared row for row.
final class TitleBarTests: XCTestCase {
    private func row(_ bar: TitleBar, width: Int) -> String {
        var buffer = ScreenBuffer(size: Size(width: width, height: 1))
        bar.render(in: Rect(x: 0, y: 0, width: width, height: 1), into: &buffer)
        return buffer.lines()[0]
    }

    func testTitleLeftModelTaskAndDemoRight() {
        let bar = TitleBar(sessionTitle: "Plan", model: "demo/mini", compareModels: [], task: "code", demoMode: true,
                           theme: .builtinDefault)
        // 41 columns of text and one of margin end at column 80.
        XCTAssertEqual(row(bar, width: 80),
                       " Switchboard │ Plan" + String(repeating: " ", count: 19) + "model: demo/mini · task: code · demo mode")
    }

    func testCompareModeNamesTheModelsAndANewSessionSaysSo() {
        let bar = TitleBar(sessionTitle: nil, model: "demo/mini", compareModels: ["a", "b"], task: nil, demoMode: false,
                           theme: .builtinDefault)
        XCTAssertEqual(row(bar, width: 50), " Switchboard │ new session" + String(repeating: " ", count: 10) + "compare: a, b")
    }

    func testTheRightSideGivesWayWhenThereIsNoRoom() {
        let bar = TitleBar(sessionTitle: "Plan", model: "demo/mini", compareModels: [], task: "code", demoMode: true,
                           theme: .builtinDefault)
        XCTAssertEqual(row(bar, width: 60), " Switchboard │ Plan")
    }
}
