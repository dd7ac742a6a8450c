import SwitchboardCore
import XCTest
@testable import SwitchboardConfig

final class RoleLibraryTests: XCTestCase {
    func testTheBundledRolesAreThereWithoutAnyFiles() throws {
        let library = RoleLibrary.load(directory: URL(fileURLWithPath: "/nonexistent/roles-\(UUID().uuidString)"))
        XCTAssertEqual(library.roles.map(\.name), ["coder", "concise", "reviewer", "translator"])
        XCTAssertTrue(library.roles.allSatisfy { $0.source == .bundled && $0.systemPrompt != nil })
        XCTAssertTrue(library.allProblems.isEmpty)
    }

    func testTheDirectoryComesFromXDGConfigHomeElseHome() {
        XCTAssertEqual(RoleLibrary.directory(environment: ["XDG_CONFIG_HOME": "/x", "HOME": "/h"]).path, "/x/switchboard/roles")
        XCTAssertEqual(RoleLibrary.directory(environment: ["HOME": "/h"]).path, "/h/.config/switchboard/roles")
    }

    func testAFileAddsARoleAndAFileOfABundledNameReplacesIt() throws {
        let directory = try TemporaryRoles()
        let sql = try directory.write("sql", "system = \"You write SQL.\"\nmodel = \"demo/mini\"\n")
        let coder = try directory.write("coder", "system = \"Mine.\"\n")
        try Data("not a role".utf8).write(to: directory.url.appendingPathComponent("notes.txt"))
        let library = RoleLibrary.load(directory: directory.url)
        XCTAssertEqual(library.roles.map(\.name), ["coder", "concise", "reviewer", "sql", "translator"])
        XCTAssertEqual(library.role(named: "sql")?.source, .file(sql.path))
        XCTAssertEqual(library.role(named: "coder")?.systemPrompt, "Mine.")
        XCTAssertEqual(library.role(named: "coder")?.source, .file(coder.path))
    }

    func testABrokenFileIsReportedWhenItsRoleIsAskedForAndDoesNotHideTheOthers() throws {
        let directory = try TemporaryRoles()
        let broken = try directory.write("coder", "system = \"x\"\ntemperature = 9\n")
        let library = RoleLibrary.load(directory: directory.url)
        XCTAssertNil(library.role(named: "coder"), "the bundled coder must not stand in for the user's broken one")
        XCTAssertNotNil(library.role(named: "reviewer"))
        XCTAssertThrowsError(try library.resolve("coder")) { error in
            XCTAssertEqual("\(error)", "\(broken.path):2: temperature: must be a number from 0 to 2, e.g. 0.2")
        }
        XCTAssertEqual(library.allProblems.count, 1)
    }

    func testAnUnknownRoleSuggestsTheClosestNames() {
        let library = RoleLibrary(roles: BundledRoles.all)
        XCTAssertThrowsError(try library.resolve("codr")) { error in
            XCTAssertEqual("\(error)", "unknown role 'codr'. Did you mean: coder? `switchboard roles` lists every role.")
        }
        XCTAssertThrowsError(try library.resolve("zzzzzzzz")) { error in
            XCTAssertEqual("\(error)", "unknown role 'zzzzzzzz'. `switchboard roles` lists every role.")
        }
        XCTAssertEqual(library.suggestions(for: "rev"), ["reviewer"])
    }

    func testARolesPathThatIsAFileIsAProblemNotSilence() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("roles-file-\(UUID().uuidString)")
        try Data().write(to: file)
        let library = RoleLibrary.load(directory: file)
        XCTAssertEqual(library.roles.count, BundledRoles.all.count)
        XCTAssertNotNil(library.directoryProblem)
        XCTAssertThrowsError(try library.resolve("mine")) { error in
            XCTAssertTrue("\(error)".contains("cannot be read as a directory of roles"), "\(error)")
        }
    }
}
