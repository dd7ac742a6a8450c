import ArgumentParser
import Foundation
import SwitchboardConfig
import SwitchboardCore
import SwitchboardMCP
import SwitchboardStore
import SwitchboardTUI

/// `switchboard` (no subcommand) or `switchboard workbench`: the full-screen workbench.
struct WorkbenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workbench",
        abstract: "Open the terminal workbench (the default command).",
        discussion: "F1 inside lists every key. Themes: default, light, high-contrast, gruvbox-dark, or your own in $XDG_CONFIG_HOME/switchboard/themes/.",
        aliases: ["tui"]
    )

    @Option(name: .shortAndLong, help: "Model for the first turn (vendor/model[:floor|:nitro][@provider], or an alias).")
    var model: String?

    @Option(help: "Resume a stored session: its id (or a prefix), or `last`.")
    var session: String?

    @Option(help: "Colour theme by name (or a path to a .toml file). Also $SWITCHBOARD_THEME.")
    var theme: String?

    @Flag(help: "Use the simulated demo models: nothing leaves this machine.")
    var demo = false

    @Option(help: "The session database (default $SWITCHBOARD_DB, else $XDG_DATA_HOME/switchboard/switchboard.sqlite).")
    var db: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let context: AppContext
        do { context = try AppContext.load(environment: environment) } catch { throw CLIError.usage("\(error)") }
        let loader = ThemeLoader(directories: ThemeLoader.standardDirectories(
            environment: environment, executable: URL(fileURLWithPath: CommandLine.arguments[0])))
        let chosenTheme: Theme
        do { chosenTheme = try loader.load(theme ?? environment["SWITCHBOARD_THEME"] ?? context.configuration.theme ?? "default") } catch {
            throw CLIError.usage("\(error)")
        }
        let database = try await StoreOptions.openForWriting(explicit: db, environment: environment)
        try await StoreRecovery.run(database)  // before the screen opens, so its one line stays readable
        var resume: LoadedSession?
        if let session {
            do { resume = try await database.loadSession(session) } catch { throw StoreOptions.failure(error) }
        }
        let noRealProvider = context.registry.realProviders.isEmpty
        let demoMode = demo || noRealProvider
        let startModel = model ?? (demoMode ? "demo/mini" : resume?.model ?? context.defaultModel)
        do { _ = try ModelRef(parsing: startModel) } catch { throw CLIError.usage("\(error)") }
        let notice: String? = demo ? "demo mode: simulated models, nothing leaves this machine"
            : noRealProvider ? "no provider key found: running on the simulated demo models (F1 for keys)" : nil
        var options = WorkbenchOptions(
            model: startModel,
            pickerEntries: PickerEntry.build(catalog: context.catalog, registry: context.registry,
                                             aliases: context.configuration.aliases,
                                             routes: context.configuration.routing.routes.mapValues(\.models),
                                             autoVariants: Array(context.configuration.routing.autoVariants.keys)),
            theme: chosenTheme, demoMode: demoMode, resume: resume, notice: notice,
            budgets: context.configuration.routing.budget)
        options.context = context.configuration.context
        options.roles = RoleLibrary.load(environment: context.environment)
        // The enabled [mcp.NAME] servers, in name order; none starts until a turn first offers their tools.
        let servers = MCPToolServers(context.configuration.mcpServers.keys.sorted().compactMap { context.configuration.mcpServers[$0] })
        let hasServers = await !servers.serverNames.isEmpty
        let dependencies = WorkbenchDependencies(
            engine: try await context.makeEngine(store: database), store: database,
            exportDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
            tools: hasServers ? servers : nil, toolSettings: context.configuration.tools)
        let end: WorkbenchEnd
        do {
            let hyperlinks = Hyperlink.enabled(context.configuration.ui.hyperlinks, environment: environment)
            end = try await Workbench.run(driver: CursesDriver(environment: environment, hyperlinks: hyperlinks),
                                          dependencies: dependencies, options: options)
        } catch {
            await servers.shutdown()
            await context.shutdown()
            if let error = error as? TerminalError { throw CLIError.usage(error.description) }
            throw error
        }
        // The servers are stopped when the workbench quits, whatever ended it.
        await servers.shutdown()
        await context.shutdown()
        // Ended by SIGTERM/SIGHUP/SIGINT: everything is saved and the terminal is back, but the caller must still
        // see that a signal stopped it (143, 129, 130), as from any other program.
        if end.exitCode != 0 { throw ExitCode(end.exitCode) }
        // The status line said so while it ran; the exit code says it too, as `history` and `ask` do.
        if let damage = HistoryDatabaseFile.damageFound(in: database) { throw StoreOptions.failure(damage) }
    }
}
