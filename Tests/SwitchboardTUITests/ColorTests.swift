import XCTest
@testable import SwitchboardTUI

final class ColorTests: XCTestCase {
    func testParsesEveryNotation() {
        XCTAssertEqual(Color(parsing: "#88c0d0"), .rgb(0x88, 0xC0, 0xD0))
        XCTAssertEqual(Color(parsing: "#fff"), .rgb(255, 255, 255))
        XCTAssertEqual(Color(parsing: "red"), .ansi(1))
        XCTAssertEqual(Color(parsing: "bright-blue"), .ansi(12))
        XCTAssertEqual(Color(parsing: "208"), .indexed(208))
        XCTAssertEqual(Color(parsing: "7"), .ansi(7))
        XCTAssertEqual(Color(parsing: "default"), .terminalDefault)
        XCTAssertNil(Color(parsing: "#12345"))
        XCTAssertNil(Color(parsing: "blurple"))
        XCTAssertNil(Color(parsing: "300"))
    }

    func testRGBMapsToTheNearestColourTheTerminalHas() {
        let red = Color.rgb(250, 10, 10)
        XCTAssertEqual(red.cursesNumber(at: .full256), 196)
        XCTAssertEqual(red.cursesNumber(at: .eight), 1)
        XCTAssertEqual(Color.rgb(10, 10, 10).cursesNumber(at: .eight), 0)
        XCTAssertEqual(Color.rgb(250, 250, 250).cursesNumber(at: .sixteen), 15)
    }

    func testMonochromeAndDefaultGiveMinusOne() {
        XCTAssertEqual(Color.ansi(3).cursesNumber(at: .monochrome), -1)
        XCTAssertEqual(Color.terminalDefault.cursesNumber(at: .full256), -1)
    }

    func testBrightANSIFoldsToNormalOnEightColours() {
        XCTAssertEqual(Color.ansi(9).cursesNumber(at: .eight), 1)
        XCTAssertEqual(Color.ansi(9).cursesNumber(at: .sixteen), 9)
    }

    func testDepthFromColourCount() {
        XCTAssertEqual(ColorDepth(colors: 256), .full256)
        XCTAssertEqual(ColorDepth(colors: 8), .eight)
        XCTAssertEqual(ColorDepth(colors: 0), .monochrome)
    }

    func testAttributesParse() {
        XCTAssertEqual(TextAttributes(parsing: "bold underline"), [.bold, .underline])
        XCTAssertEqual(TextAttributes(parsing: "italic,dim"), [.italic, .dim])
        XCTAssertNil(TextAttributes(parsing: "blink"))
    }
}
