import XCTest
@testable import catalog_gen

final class CatalogGenArgumentsTests: XCTestCase {
    func testDefaults() throws {
        let command = try CatalogGen.parse([])
        XCTAssertEqual(command.data, "../shared/data")
        XCTAssertEqual(command.out, "Sources/SwitchboardCore/Catalog/BundledCatalog+Data.swift")
        XCTAssertNil(command.retiredBefore)
        XCTAssertFalse(command.check)
    }

    func testEveryOption() throws {
        let command = try CatalogGen.parse(["--data", "d", "--out", "o.swift", "--retired-before", "2025-01-01", "--check"])
        XCTAssertEqual(command.data, "d")
        XCTAssertEqual(command.out, "o.swift")
        XCTAssertEqual(command.retiredBefore, "2025-01-01")
        XCTAssertTrue(command.check)
    }

    func testUnknownArgumentAndMissingValueAreRefused() {
        XCTAssertThrowsError(try CatalogGen.parse(["--frobnicate"]))
        XCTAssertThrowsError(try CatalogGen.parse(["--data"]))
    }
}
