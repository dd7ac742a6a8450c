import ArgumentParser
import Foundation
import SwitchboardCore

/// `switchboard models`: the catalog with prices, windows and whether each provider is usable now.
struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List models with prices, context windows and availability.",
        subcommands: [ListModels.self, ImportModels.self],
        defaultSubcommand: ListModels.self
    )

    struct ListModels: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List models (the default).")

        @Option(help: "Only deployments of this provider (openai, anthropic, gemini, openrouter, groq, demo, ...).")
        var provider: String?

        @Option(help: "Only models whose id contains this text.")
        var search: String?

        @Flag(help: "Only models a configured provider can serve now.")
        var available = false

        @Flag(help: "Print a JSON array.")
        var json = false

        func run() async throws {
            let context: AppContext
            do { context = try AppContext.load() } catch { throw CLIError.usage("\(error)") }
            let rows = ModelRow.rows(catalog: context.catalog, registry: context.registry)
                .filter { provider == nil || $0.provider == provider?.lowercased() }
                .filter { search == nil || $0.id.localizedCaseInsensitiveContains(search ?? "") }
                .filter { !available || $0.available }
            if let provider, rows.isEmpty, ProviderDirectory.provider(named: provider) == nil,
               context.registry.endpoint(provider) == nil {
                let known = ProviderDirectory.all.map(\.name).joined(separator: ", ")
                throw CLIError.usage("unknown provider '\(provider)'; known providers: \(known)")
            }
            Console.out(json ? ModelRow.json(rows) : ModelRow.table(rows))
        }
    }

    struct ImportModels: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import a LiteLLM price JSON or an OpenRouter /models JSON; it is merged over the bundled catalog."
        )

        @Argument(help: "The JSON file.")
        var file: String

        func run() async throws {
            let store = UserCatalogStore(environment: ProcessInfo.processInfo.environment)
            do {
                let (saved, models) = try store.importFile(URL(fileURLWithPath: file))
                let deployments = models.reduce(0) { $0 + $1.deployments.count }
                Console.note("imported \(models.count) models (\(deployments) deployments) into \(saved.path)")
            } catch {
                throw CLIError.usage("\(error)")
            }
        }
    }
}
