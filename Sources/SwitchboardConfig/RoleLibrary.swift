import Foundation
import SwitchboardCore

/// Every role this run can use: the bundled ones, with the files in `$XDG_CONFIG_HOME/switchboard/roles/`
/// (else `~/.config/switchboard/roles/`) added over them, a file replacing a bundled role of the same name.
/// A broken file does not hide the others: it is kept as a problem, reported when its role is asked for and
/// whenever the roles are listed.
public struct RoleLibrary: Sendable {
    /// By name, sorted.
    public private(set) var roles: [RoleDefinition]
    /// Files that could not be read as roles, by role name (the file's stem).
    public private(set) var problems: [String: ConfigurationError]
    /// The roles directory exists but cannot be listed: only the bundled roles are there.
    public private(set) var directoryProblem: ConfigurationError?

    public init(roles: [RoleDefinition], problems: [String: ConfigurationError] = [:],
                directoryProblem: ConfigurationError? = nil) {
        var byName: [String: RoleDefinition] = [:]
        for role in roles { byName[role.name] = role }
        self.roles = byName.values.sorted { $0.name < $1.name }
        self.problems = problems
        self.directoryProblem = directoryProblem
    }

    /// Every problem, in file order, for listings.
    public var allProblems: [ConfigurationError] {
        (directoryProblem.map { [$0] } ?? []) + problems.keys.sorted().compactMap { problems[$0] }
    }

    public static func directory(environment: [String: String]) -> URL {
        ConfigLocation.configDirectory(environment: environment).appendingPathComponent("roles")
    }

    /// The bundled roles and the files in the roles directory. A missing directory is no roles of one's own.
    public static func load(environment: [String: String]) -> RoleLibrary {
        load(directory: directory(environment: environment))
    }

    public static func load(directory: URL) -> RoleLibrary {
        var roles = BundledRoles.all
        var problems: [String: ConfigurationError] = [:]
        var names: [String] = []
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
            do {
                guard isDirectory.boolValue else { throw CocoaError(.fileReadUnknown) }
                names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            } catch {
                let problem = ConfigurationError.unreadable(file: directory.path, problem: "cannot be read as a directory of roles")
                return RoleLibrary(roles: roles, problems: [:], directoryProblem: problem)
            }
        }
        for file in names.sorted() where file.hasSuffix(".toml") && !file.hasPrefix(".") {
            let url = directory.appendingPathComponent(file)
            do {
                roles.append(try RoleFile.load(url))
            } catch let error as ConfigurationError {
                problems[url.deletingPathExtension().lastPathComponent] = error
            } catch {
                problems[url.deletingPathExtension().lastPathComponent] =
                    .unreadable(file: url.path, problem: "cannot be read: \(error)")
            }
        }
        // A broken file must not leave a bundled role of the same name in its place.
        roles.removeAll { problems[$0.name] != nil }
        return RoleLibrary(roles: roles, problems: problems)
    }

    public func role(named name: String) -> RoleDefinition? {
        roles.first { $0.name == name }
    }

    /// The role `name` names, or an error to show: the broken file's own error, or an unknown name with the
    /// closest names.
    public func resolve(_ name: String) throws -> RoleDefinition {
        if let role = role(named: name) { return role }
        if let problem = problems[name] { throw RoleError.broken(problem) }
        if let directoryProblem { throw RoleError.broken(directoryProblem) }
        throw RoleError.unknown(name, suggestions: suggestions(for: name))
    }

    /// Names that start with or contain `text`, then names within a small edit distance; best first.
    public func suggestions(for text: String, limit: Int = 3) -> [String] {
        let query = text.lowercased()
        guard !query.isEmpty else { return [] }
        let scored: [(Int, String)] = roles.map(\.name).compactMap { name in
            let lower = name.lowercased()
            if lower.hasPrefix(query) || query.hasPrefix(lower) { return (0, name) }
            if lower.contains(query) { return (1, name) }
            let distance = EditDistance.between(query, lower)
            return distance <= max(2, query.count / 3) ? (1 + distance, name) : nil
        }
        return scored.sorted { $0 < $1 }.prefix(limit).map(\.1)
    }
}

/// `--role` or `/role` named no usable role.
public enum RoleError: Error, Equatable, CustomStringConvertible {
    case unknown(String, suggestions: [String])
    case broken(ConfigurationError)

    public var description: String {
        switch self {
        case .unknown(let name, let suggestions):
            let close = suggestions.isEmpty ? "" : " Did you mean: " + suggestions.joined(separator: ", ") + "?"
            return "unknown role '\(name)'.\(close) `switchboard roles` lists every role."
        case .broken(let problem):
            return "\(problem)"
        }
    }
}
