import XCTest
import SwitchboardCore
@testable import SwitchboardConfig

/// `database_url`: where the history lives when neither `--db` nor `$SWITCHBOARD_DB` says.
final class DatabaseURLConfigTests: XCTestCase {
    func testUnsetMeansTheDefaultFile() throws {
        XCTAssertNil(try ConfigLoader.parse("", file: "c.toml").databaseURL)
    }

    func testAURLOrAPathIsRead() throws {
        let url = "postgres://team:secret@db.internal:5432/switchboard"
        XCTAssertEqual(try ConfigLoader.parse("database_url = \"\(url)\"\n", file: "c.toml").databaseURL, url)
        XCTAssertEqual(try ConfigLoader.parse("database_url = \"~/history.sqlite\"\n", file: "c.toml").databaseURL,
                       "~/history.sqlite")
    }

    func testAnEmptyOrNonTextValueIsRefusedAtItsLine() {
        for value in ["\"\"", "5432"] {
            XCTAssertThrowsError(try ConfigLoader.parse("default_model = \"demo/mini\"\ndatabase_url = \(value)\n", file: "c.toml"),
                                 value) { error in
                guard case .invalidValue(let file, let line, let key, _) = error as? ConfigurationError else {
                    return XCTFail("\(error)")
                }
                XCTAssertEqual(file, "c.toml")
                XCTAssertEqual(line, 2)
                XCTAssertEqual(key, "database_url")
            }
        }
    }
}
