import ArgumentParser
import Foundation
import SwitchboardConfig
import SwitchboardCore

/// `switchboard roles`: every role `ask --role` and `/role` can use, with where each comes from.
struct RolesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roles",
        abstract: "List the roles: bundled ones and files in $XDG_CONFIG_HOME/switchboard/roles/NAME.toml.",
        discussion: """
            A role file sets system (the system prompt), model (a model, alias or route), temperature (0-2), \
            reasoning (off, low, medium, high) and an optional description. A file named like a bundled role \
            replaces it. A role file that cannot be read is listed after the roles, and the command exits 2.
            """
    )

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let library = RoleLibrary.load(environment: environment)
        let rows = library.roles.map { role in
            [role.name, role.model ?? "–", role.temperature.map { String($0) } ?? "–",
             role.reasoning.map(Self.word) ?? "–", role.source.description,
             ReportTable.cell(role.description ?? "")]
        }
        Console.out(ReportTable.leftAligned(header: ["ROLE", "MODEL", "TEMPERATURE", "REASONING", "SOURCE", "DESCRIPTION"],
                                            rows: rows))
        let problems = library.allProblems
        guard !problems.isEmpty else { return }
        for problem in problems { Console.error("\(problem)") }
        throw ExitCode(2)
    }

    static func word(_ reasoning: ReasoningSetting) -> String {
        switch reasoning {
        case .off: "off"
        case .effort(let effort): effort.rawValue
        case .budget(let tokens): "\(tokens) tokens"
        }
    }
}
