import ArgumentParser
import Foundation
import SwitchboardCore
import SwitchboardStore

/// `switchboard history`: browse, search, export, import, rename and delete stored conversations.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Browse, search, export and manage stored conversations.",
        discussion: "Sessions are named by id, a unique prefix of it, or `last`. Exit code 2: usage or database error; 7: the database is damaged (nothing was written).",
        subcommands: [List.self, Show.self, Search.self, Export.self, Import.self, Rename.self, Delete.self],
        defaultSubcommand: List.self
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List sessions, most recently updated first.")
        @OptionGroup var store: StoreOptions
        @Option(help: "How many sessions to show.") var limit = 20
        @Flag(help: "Print JSON.") var json = false

        func validate() throws { try OptionChecks.limit(limit) }

        func run() async throws {
            let summaries = try await store.read { try await $0.recentSessions(limit: limit) }
            if json { return Console.out(String(decoding: try StoreJSON.list(summaries), as: UTF8.self)) }
            guard !summaries.isEmpty else { return Console.note("no sessions yet: `switchboard ask` starts one") }
            var table = ReportTable([("ID", .left), ("UPDATED", .left), ("MSGS", .right), ("COST", .right),
                                   ("MODELS", .left), ("TITLE", .left)])
            for summary in summaries {
                let models = summary.models.count > 2
                    ? summary.models.prefix(2).joined(separator: ", ") + ", +\(summary.models.count - 2)"
                    : summary.models.joined(separator: ", ")
                table.add([summary.session.shortID, HistoryFormat.time(summary.session.updatedAt), "\(summary.messageCount)",
                           summary.messageCount == 0 ? "–" : summary.cost.displayString, models.isEmpty ? "–" : models,
                           ReportTable.truncate(summary.session.title, width: 60)])
            }
            Console.out(table.render())
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a session with every message and its attempts.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Session id, unique prefix, or `last`.") var id: String
        @Flag(help: "Print JSON: id, title, messages (role, text, model, provider, status, usage, cost, ttft_ms, attempts).")
        var json = false
        @Flag(help: "Print message text byte for byte, escape sequences included (by default controls are shown as symbols).")
        var raw = false
        @Flag(help: "Show the session as a tree: every version of each message (edits, regenerated and compared replies), ● on the path the session continues from; model, tokens and cost per reply and per branch.")
        var tree = false

        func run() async throws {
            let detail = try await store.read { try await $0.sessionDetail(id) }
            if tree, json { return Console.out(String(decoding: try StoreJSON.tree(detail), as: UTF8.self)) }
            if tree { return Console.out(HistoryFormat.tree(detail)) }
            if json { return Console.out(String(decoding: try StoreJSON.show(detail), as: UTF8.self)) }
            Console.out(HistoryFormat.transcript(detail, raw: raw))
        }
    }

    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Full-text search over every message, best match first.",
            discussion: "Words must all match; \"quoted words\" match as a phrase; word* matches a prefix.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "What to look for.") var query: [String]
        @Option(help: "How many results.") var limit = 20
        @Flag(help: "Print JSON.") var json = false

        func validate() throws { try OptionChecks.limit(limit) }

        func run() async throws {
            let text = query.joined(separator: " ")
            let hits = try await store.read { try await $0.searchMessages(text, limit: limit) }
            if json { return Console.out(String(decoding: try StoreJSON.search(hits), as: UTF8.self)) }
            guard !hits.isEmpty else { return Console.note("no messages match '\(text)'") }
            let terminal = HistoryFormat.stdoutIsTerminal
            var output = ""
            for hit in hits {
                let header = [String(hit.sessionID.uuidString.lowercased().prefix(8)), HistoryFormat.time(hit.createdAt),
                              hit.role.rawValue, hit.model ?? "", ReportTable.truncate(hit.sessionTitle, width: 50)]
                    .filter { !$0.isEmpty }.map(ReportTable.cell).joined(separator: "  ")
                output += header + "\n    " + HistoryFormat.snippet(hit, terminal: terminal) + "\n"
            }
            Console.out(output)
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export a session as Markdown or JSON (OpenAI-style messages plus metadata; `history import` reads it).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Session id, unique prefix, or `last`.") var id: String
        @Option(help: "md or json.") var format = "md"
        @Option(name: .shortAndLong, help: "Write to this file (created private, 0600) instead of standard output.")
        var output: String?
        @Flag(help: "Replace the --output file if it exists (only ever a regular file).")
        var force = false
        @Flag(help: "On standard output, print Markdown byte for byte, escape sequences included.")
        var raw = false

        func run() async throws {
            guard format == "md" || format == "json" else { throw StoreOptions.usage("--format must be md or json, not '\(format)'") }
            let data = try await store.read { database -> Data in
                format == "json" ? try await database.exportArchive(id) : Data(try await database.exportMarkdown(id).utf8)
            }
            guard let output else {
                // JSON is exact (its escaping keeps controls inert); Markdown is text for a terminal or pager.
                let text = String(decoding: data, as: UTF8.self)
                return Console.out(format == "json" || raw ? text : TerminalText.inert(text))
            }
            do { try OutputFile.write(data, to: output, replacing: force) } catch let failure as OutputFile.Failure {
                if case .exists = failure { throw StoreOptions.usage("\(failure); pass --force to replace it") }
                throw StoreOptions.usage("\(failure)")
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Import a session exported with `history export --format json`.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The JSON file, or - for standard input.") var file: String

        func run() async throws {
            let data: Data
            if file == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else {
                guard let contents = FileManager.default.contents(atPath: file) else { throw StoreOptions.usage("cannot read \(file)") }
                data = contents
            }
            // Checked before the database is opened: a refused archive does not even create it.
            do { try HistoryDatabaseFile.checkArchive(data) } catch { throw StoreOptions.usage("\(error)") }
            let result = try await store.writing { try await $0.importArchive(data) }
            let id = result.sessionID.uuidString.lowercased()
            Console.note(result.keptID
                ? "imported session \(id) (\(result.messageCount) messages)"
                : "imported a copy as new session \(id) (\(result.messageCount) messages): the file's session is already in "
                    + "this database, so its spend was not added again")
        }
    }

    struct Rename: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Give a session a new title.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Session id, unique prefix, or `last`.") var id: String
        @Argument(help: "The new title.") var title: [String]

        func run() async throws {
            let newTitle = title.joined(separator: " ")
            guard !newTitle.trimmingCharacters(in: .whitespaces).isEmpty else { throw StoreOptions.usage("the new title is empty") }
            try await store.writing { try await $0.renameSession(id, title: newTitle) }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a session and its messages (its spend stays in the ledger).",
            discussion: "Asks for confirmation on a terminal; elsewhere --yes is required.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Session id, unique prefix, or `last`.") var id: String
        @Flag(name: .shortAndLong, help: "Do not ask.") var yes = false

        func run() async throws {
            try await store.writing { database in
                let session = try await database.resolveSession(id)
                let reference = session.uuidString.lowercased()
                if !yes {
                    guard isatty(STDIN_FILENO) == 1 else {
                        throw StoreOptions.usage("refusing to delete without --yes: standard input is not a terminal")
                    }
                    let detail = try await database.sessionDetail(reference)
                    Console.question("Delete session \(reference.prefix(8)) \"\(detail.session.title)\" (\(detail.entries.count) messages)? [y/N] ")
                    let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
                    guard answer == "y" || answer == "yes" else { return Console.note("kept") }
                }
                try await database.deleteSession(reference)
                Console.note("deleted \(reference)")
            }
        }
    }
}

/// Human output shared by the history, spend and stats commands.
enum HistoryFormat {
    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// Local time, to the minute.
    static func time(_ date: Date) -> String {
        let parts = Calendar.current.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
                      parts.hour ?? 0, parts.minute ?? 0)
    }

    static func milliseconds(_ value: Int64?) -> String {
        value.map { Duration.milliseconds($0).formattedSeconds } ?? "–"
    }

    /// Matches in bold on a terminal, between `**` elsewhere; the text itself is always inert.
    static func snippet(_ hit: SearchHit, terminal: Bool) -> String {
        hit.snippet.map { run in
            let text = ReportTable.cell(run.text)
            guard run.highlighted else { return text }
            return terminal ? "\u{1B}[1m" + text + "\u{1B}[22m" : "**" + text + "**"
        }.joined()
    }

    /// The session as text. Message bodies are inert unless `raw`; headings and attempt lines always are.
    static func transcript(_ detail: SessionDetail, raw: Bool) -> String {
        let session = detail.session
        var lines = [ReportTable.cell(session.title)]
        var facts = ["id \(session.id.uuidString.lowercased())", "created \(time(session.createdAt))"]
        if let model = session.model { facts.append("model \(model)") }
        if let tag = session.tag { facts.append("tag \(tag)") }
        if let role = session.role { facts.append("role \(role)") }
        lines.append(ReportTable.cell(facts.joined(separator: " · ")))
        if let system = session.systemPrompt { lines += ["", "── system", body(system, raw: raw)] }
        for entry in detail.entries {
            lines += ["", ReportTable.cell("── " + heading(entry.message)), body(entry.message.text, raw: raw)]
            lines += entry.message.partLines.map { "   " + body($0, raw: raw) }  // thinking, tool calls, attachments
            if entry.attempts.count > 1 || entry.attempts.contains(where: { $0.outcome != .success }) {
                lines += entry.attempts.map { "   " + ReportTable.cell(attemptLine($0)) }
            }
            // A summary sent in place of the turns so far (`/compact`), after the reply it ends with.
            for compaction in detail.compactions(endingAt: entry) {
                lines += ["", ReportTable.cell("── " + compaction.summaryLine), body(compaction.summary, raw: raw)]
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The session as a tree (`history show --tree`): the title and facts, then one line per message.
    static func tree(_ detail: SessionDetail) -> String {
        let session = detail.session
        let tree = detail.tree
        let branches = tree.leaves.count
        var lines = [ReportTable.cell(session.title),
                     ReportTable.cell("id \(session.id.uuidString.lowercased()) · \(tree.messages.count) messages · "
                                      + "\(branches) branch\(branches == 1 ? "" : "es") · ● the path it continues from"), ""]
        lines += tree.lines.map { ReportTable.cell($0.text) }
        return lines.joined(separator: "\n") + "\n"
    }

    static func heading(_ message: StoredMessage) -> String {
        var parts = [message.role.rawValue, time(message.createdAt)]
        if message.role == .assistant {
            parts += ReplyFacts.parts(model: message.resolvedModel ?? message.requestedModel, provider: message.provider,
                                      usage: message.usage, cost: message.cost)
            if let reported = message.reportedCost { parts.append("provider says \(reported)") }
            if message.ttftMs != nil { parts.append("TTFT " + milliseconds(message.ttftMs)) }
            if message.durationMs != nil { parts.append(milliseconds(message.durationMs)) }
        }
        if message.status != .complete { parts.append(message.status.rawValue.uppercased()) }
        return parts.joined(separator: " · ")
    }

    static func attemptLine(_ attempt: AttemptRecord) -> String {
        var parts = ["\(attempt.ordinal). \(attempt.model) via \(attempt.provider) (\(attempt.providerModel))", attempt.reason,
                     attempt.outcome.label]
        if let status = attempt.status { parts.append("HTTP \(status)") }
        parts.append(milliseconds(wholeMilliseconds(attempt.duration)))
        parts.append(attempt.cost.displayString)
        if let message = attempt.errorMessage, !message.isEmpty { parts.append(message) }
        return parts.joined(separator: " · ")
    }

    static func wholeMilliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    private static func body(_ text: String, raw: Bool) -> String {
        raw ? text : TerminalText.inert(text)
    }
}
