import Foundation
import XCTest
@testable import SwitchboardStore

/// `@ExplicitNull` writes an empty optional as `null` (a synthesized encoder leaves the key out) and reads `null`,
/// a missing key or a value, as a plain optional does. `FlattenedJSON` writes two shapes into one object.
final class ExplicitNullTests: XCTestCase {
    private struct Shape: Codable, Equatable {
        @ExplicitNull var cost: String?
        var plain: Int?
    }

    private struct Extra: Codable, Equatable {
        var id: Int
    }

    private struct Both: DecodableFlattenedJSON, Equatable {
        var own: Extra
        var shared: Shape
    }

    private func text<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    func testAnEmptyValueIsWrittenAsNullWhereAPlainOptionalIsLeftOut() throws {
        XCTAssertEqual(try text(Shape(cost: nil, plain: nil)), #"{"cost":null}"#)
        XCTAssertEqual(try text(Shape(cost: "0.5", plain: 2)), #"{"cost":"0.5","plain":2}"#)
    }

    func testNullAMissingKeyOrAValueAllRead() throws {
        for (json, cost) in [(#"{"cost":null}"#, nil), ("{}", nil), (#"{"cost":"1.25"}"#, "1.25")] as [(String, String?)] {
            XCTAssertEqual(try JSONDecoder().decode(Shape.self, from: Data(json.utf8)).cost, cost, json)
        }
        XCTAssertThrowsError(try JSONDecoder().decode(Shape.self, from: Data(#"{"cost":5}"#.utf8)), "a wrong type is still an error")
    }

    func testTwoShapesAreWrittenSideBySideAndReadBack() throws {
        let both = Both(own: Extra(id: 7), shared: Shape(cost: nil, plain: 1))
        XCTAssertEqual(try text(both), #"{"cost":null,"id":7,"plain":1}"#)
        XCTAssertEqual(try JSONDecoder().decode(Both.self, from: Data(try text(both).utf8)), both)
        XCTAssertEqual(both.id, 7)
        XCTAssertEqual(both.plain, 1)
    }
}
